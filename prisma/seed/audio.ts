// A tiny WAV writer for the demo transcription task: digits as groups of beeps, 8 kHz 16-bit mono.
const RATE = 8_000;
const BEEP_S = 0.12;
const LONG_S = 0.6;
const GAP_S = 0.12;
const DIGIT_GAP_S = 0.7;
const EDGE_S = 0.3;

/** The samples of one tone with 10 ms fades, so it starts and stops without a click. */
function tone(seconds: number, hz: number): number[] {
  const n = Math.round(seconds * RATE);
  const fade = Math.round(0.01 * RATE);
  return Array.from({ length: n }, (_, i) => {
    const envelope = Math.min(1, i / fade, (n - 1 - i) / fade);
    return 0.5 * envelope * Math.sin((2 * Math.PI * hz * i) / RATE);
  });
}

const silence = (seconds: number) => new Array<number>(Math.round(seconds * RATE)).fill(0);

/** A WAV file of `digits` (0–9 only) as beeps; returns the file and its length in milliseconds. */
export function makeWav(digits: string): { body: Buffer; durationMs: number } {
  if (!/^[0-9]+$/.test(digits)) throw new Error(`makeWav takes digits only, not ${JSON.stringify(digits)}`);
  const samples: number[] = [...silence(EDGE_S)];
  [...digits].forEach((d, i) => {
    if (i > 0) samples.push(...silence(DIGIT_GAP_S));
    const n = Number(d);
    if (n === 0) samples.push(...tone(LONG_S, 660));
    else
      for (let k = 0; k < n; k++) {
        if (k > 0) samples.push(...silence(GAP_S));
        samples.push(...tone(BEEP_S, 880));
      }
  });
  samples.push(...silence(EDGE_S));
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => {
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32_767), i * 2);
  });
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return { body: Buffer.concat([header, data]), durationMs: Math.round((samples.length / RATE) * 1000) };
}
