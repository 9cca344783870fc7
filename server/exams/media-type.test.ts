import { describe, expect, it } from "vitest";
import { servableMedia } from "./media-type.ts";

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const wav = Buffer.from("RIFF\x24\x00\x00\x00WAVE", "latin1");
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect x="495.5"/></svg>');

describe("servableMedia", () => {
  it("serves raster images and audio whose bytes are what their type says", () => {
    expect(servableMedia("image/png", png)).toBe("image/png");
    expect(servableMedia("image/jpeg", jpeg)).toBe("image/jpeg");
    expect(servableMedia("audio/wav", wav)).toBe("audio/wav");
    expect(servableMedia("Audio/WAV; codecs=1", wav)).toBe("audio/wav");
  });

  it("refuses SVG, markup and other documents, even when mislabelled", () => {
    expect(servableMedia("image/svg+xml", svg)).toBeNull();
    expect(servableMedia("image/png", svg)).toBeNull();
    expect(servableMedia("text/html", Buffer.from("<html>"))).toBeNull();
    expect(servableMedia("application/pdf", Buffer.from("%PDF-1.4"))).toBeNull();
    expect(servableMedia("image/jpeg", png)).toBeNull();
    expect(servableMedia("toString", png)).toBeNull();
  });
});
