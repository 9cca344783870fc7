import { describe, expect, it } from "vitest";
import { checkEvidenceFile, contentDisposition, sanitizeFileName, sniffEvidence } from "./evidence-type.ts";

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [
  0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];
const IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const png = () => new Uint8Array([...PNG_SIG, ...IHDR, ...IEND]);
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
const pdf = () => Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

describe("sniffEvidence", () => {
  it("recognises whole PDF, PNG and JPEG files", () => {
    expect(sniffEvidence(pdf())).toEqual({ ok: true, mediaType: "application/pdf" });
    expect(sniffEvidence(png())).toEqual({ ok: true, mediaType: "image/png" });
    expect(sniffEvidence(jpeg())).toEqual({ ok: true, mediaType: "image/jpeg" });
  });

  it("refuses truncated files of each type", () => {
    expect(sniffEvidence(Buffer.from("%PDF-1.4\n1 0 obj"))).toMatchObject({
      ok: false,
      problem: /truncated/,
    });
    expect(sniffEvidence(png().subarray(0, 33))).toMatchObject({ ok: false, problem: /truncated/ });
    expect(sniffEvidence(jpeg().subarray(0, 10))).toMatchObject({ ok: false, problem: /truncated/ });
  });

  it("refuses a PNG signature without an IHDR chunk", () => {
    const bytes = new Uint8Array([
      ...PNG_SIG,
      0,
      0,
      0,
      4,
      0x61,
      0x62,
      0x63,
      0x64,
      ...new Array(30).fill(0),
      ...IEND,
    ]);
    expect(sniffEvidence(bytes)).toMatchObject({ ok: false, problem: /image header/ });
  });

  it("finds %%EOF only in the last kilobyte", () => {
    const early = Buffer.concat([Buffer.from("%PDF-1.7\n%%EOF\n"), Buffer.alloc(2000, 0x20)]);
    expect(sniffEvidence(early).ok).toBe(false);
  });

  it("names what other files are", () => {
    const problem = (s: string | Uint8Array) => {
      const r = sniffEvidence(typeof s === "string" ? Buffer.from(s) : s);
      return r.ok ? "" : r.problem;
    };
    expect(problem("")).toMatch(/empty/);
    expect(problem("  <!DOCTYPE html><html><script>alert(1)</script>")).toMatch(/HTML/);
    expect(problem("<svg xmlns='http://www.w3.org/2000/svg'/>")).toMatch(/SVG/);
    expect(problem("GIF89a\x01\x00")).toMatch(/GIF/);
    expect(problem("PK\x03\x04rest")).toMatch(/ZIP/);
    expect(problem("MZ\x90\x00")).toMatch(/program/);
    expect(problem("\x00\x00\x00\x18ftypheic")).toMatch(/HEIC/);
    expect(problem("just some words")).toMatch(/plain text/);
    expect(problem(new Uint8Array([1, 2, 3, 4]))).toMatch(/not a PDF, JPEG or PNG/);
  });
});

describe("checkEvidenceFile", () => {
  it("accepts a file whose name agrees with its content, and names one without an extension", () => {
    expect(checkEvidenceFile("社保.PDF", pdf())).toEqual({
      ok: true,
      mediaType: "application/pdf",
      fileName: "社保.PDF",
    });
    expect(checkEvidenceFile("photo.jpeg", jpeg())).toMatchObject({ ok: true, mediaType: "image/jpeg" });
    expect(checkEvidenceFile("scan", png())).toMatchObject({ ok: true, fileName: "scan.png" });
  });

  it("refuses a disguised file", () => {
    expect(checkEvidenceFile("x.pdf", png())).toMatchObject({
      ok: false,
      problem: /^The file's content is not what its name says/,
      detected: "image/png",
    });
    expect(checkEvidenceFile("x.pdf", Buffer.from("<html><body>hi</body></html>"))).toMatchObject({
      ok: false,
      problem: /^The file's content is not what its name says.*HTML/,
    });
    expect(checkEvidenceFile("page.html", pdf())).toMatchObject({
      ok: false,
      problem: /not what its name says.*\.html/,
    });
  });

  it("says a truncated file of the named type is truncated", () => {
    const r = checkEvidenceFile("x.jpg", jpeg().subarray(0, 8));
    expect(r).toMatchObject({ ok: false, problem: /truncated/ });
    expect(r.ok ? "" : r.problem).not.toMatch(/not what its name says/);
  });
});

describe("sanitizeFileName", () => {
  it("drops paths, control and bidi characters and Windows' reserved characters", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\a\\证明.pdf")).toBe("证明.pdf");
    expect(sanitizeFileName("evil\u202Egpj.exe")).toBe("evilgpj.exe");
    expect(sanitizeFileName('a<b>c:"d"|e?.pdf')).toBe("a_b_c__d__e_.pdf");
    expect(sanitizeFileName("  ...  ")).toBe("evidence");
  });

  it("keeps the extension when it shortens a long name", () => {
    const s = sanitizeFileName(`${"名".repeat(300)}.pdf`);
    expect(Array.from(s)).toHaveLength(120);
    expect(s.endsWith(".pdf")).toBe(true);
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the RFC 5987 UTF-8 name", () => {
    expect(contentDisposition('社保 "1".pdf')).toBe(
      "attachment; filename=\"__ _1_.pdf\"; filename*=UTF-8''%E7%A4%BE%E4%BF%9D%20%221%22.pdf",
    );
  });
});
