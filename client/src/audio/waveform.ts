// The waveform under the timeline: the recording decoded with the Web Audio API, reduced to one
// peak per pixel column and drawn on a canvas.

/** Longer recordings are not decoded for the picture (memory); the timeline works without it. */
export const MAX_WAVEFORM_SECONDS = 30 * 60;

/** For each of `columns` equal slices of `samples`, the largest absolute sample (0–1). */
export function peaks(samples: ArrayLike<number>, columns: number): Float32Array {
  const out = new Float32Array(Math.max(0, Math.floor(columns)));
  if (out.length === 0 || samples.length === 0) return out;
  const per = samples.length / out.length;
  for (let c = 0; c < out.length; c++) {
    const from = Math.floor(c * per);
    const to = Math.max(from + 1, Math.min(samples.length, Math.floor((c + 1) * per)));
    let max = 0;
    for (let i = from; i < to; i++) {
      const v = Math.abs(samples[i] ?? 0);
      if (v > max) max = v;
    }
    out[c] = Math.min(1, max);
  }
  return out;
}

/** Peaks kept of a decoded recording: enough for any timeline, small for any recording's length. */
export const WAVEFORM_COLUMNS = 4_096;

/**
 * The recording's first channel, decoded and reduced to WAVEFORM_COLUMNS peaks (drawing takes the
 * peaks of those, so the samples need not be kept); null if the browser cannot decode it.
 */
export async function decodeRecording(url: string, signal: AbortSignal): Promise<Float32Array | null> {
  const Offline = globalThis.OfflineAudioContext;
  if (!Offline) return null;
  const res = await fetch(url, { credentials: "same-origin", signal });
  if (!res.ok) return null;
  const bytes = await res.arrayBuffer();
  // An offline context decodes without a user gesture and without an output device.
  const ctx = new Offline(1, 1, 8_000);
  const buffer = await ctx.decodeAudioData(bytes);
  return peaks(buffer.getChannelData(0), WAVEFORM_COLUMNS);
}

/** Draws the peaks of `samples` as one centred bar per device pixel column. */
export function drawWaveform(canvas: HTMLCanvasElement, samples: Float32Array, color: string): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const g = canvas.getContext("2d");
  if (!g) return;
  g.clearRect(0, 0, width, height);
  g.fillStyle = color;
  const mid = height / 2;
  const column = peaks(samples, width);
  for (let x = 0; x < width; x++) {
    const h = Math.max(1, (column[x] ?? 0) * (height - 2));
    g.fillRect(x, mid - h / 2, 1, h);
  }
}
