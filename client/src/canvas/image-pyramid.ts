// The item image at several sizes (1, 1/2, 1/4, …), each decoded off the main thread when a view
// first wants it, so a view draws a bitmap close to its own size: never the 12 megapixels of a
// 4,000 × 3,000 image resampled on every zoom, never a main-thread decode.
import type { Size } from "./geometry.ts";
import type { DecodeLevel } from "./image-decoding.ts";

/** Levels stop once the image's shorter side would drop below this. */
const MIN_SIDE_PX = 256;

/** The scale of each level, largest first: 1, 1/2, 1/4, … */
export function pyramidScales(size: Size, minSide = MIN_SIDE_PX): number[] {
  const scales = [1];
  let s = 1;
  while ((Math.min(size.width, size.height) * s) / 2 >= minSide) {
    s /= 2;
    scales.push(s);
  }
  return scales;
}

/** A level this much under the wanted resolution is still used: enlarging by up to 10 % is not seen. */
const UPSCALE_TOLERANCE = 0.9;

/**
 * The index of the level to draw at `deviceScale` (device pixels per image pixel): the smallest level
 * with about that resolution or more, so drawing shrinks it by less than half, or enlarges it a bit.
 */
export function pickLevel(scales: readonly number[], deviceScale: number): number {
  let i = 0;
  while (i + 1 < scales.length && (scales[i + 1] as number) >= deviceScale * UPSCALE_TOLERANCE) i += 1;
  return i;
}

/** Which level to use when the wanted one is missing: larger ones first (sharp), then smaller ones. */
export function fallbackOrder(count: number, wanted: number): number[] {
  const order = [wanted];
  for (let i = wanted - 1; i >= 0; i--) order.push(i);
  for (let i = wanted + 1; i < count; i++) order.push(i);
  return order;
}

export class ImagePyramid {
  readonly scales: number[];
  private readonly levels: (CanvasImageSource | null)[];
  private readonly requested = new Set<number>();
  /** Called when a level asked for by bitmapFor() is ready: the view can be drawn sharper. */
  onLevel: (() => void) | null = null;

  private constructor(
    private readonly size: Size,
    private readonly decode: DecodeLevel | null,
  ) {
    this.scales = pyramidScales(size);
    this.levels = this.scales.map(() => null);
  }

  /** A pyramid whose levels `decode` makes, with the level for `deviceScale` made already. */
  static async decoded(decode: DecodeLevel, size: Size, deviceScale: number): Promise<ImagePyramid> {
    const p = new ImagePyramid(size, decode);
    const i = pickLevel(p.scales, deviceScale);
    p.requested.add(i);
    p.levels[i] = await p.make(i);
    return p;
  }

  /** One level, the <img> itself, when the image cannot be decoded otherwise (then on the main thread). */
  static fromElement(img: HTMLImageElement, size: Size): ImagePyramid {
    const p = new ImagePyramid(size, null);
    p.levels[0] = img;
    return p;
  }

  /**
   * The bitmap to draw at `deviceScale`: the chosen level, else the nearest one made so far while
   * the chosen one is made (then onLevel is called). Levels are made only when a view wants them.
   */
  bitmapFor(deviceScale: number): CanvasImageSource | null {
    const wanted = pickLevel(this.scales, deviceScale);
    if (!this.levels[wanted] && this.decode && !this.requested.has(wanted)) {
      this.requested.add(wanted);
      this.make(wanted).then(
        (bitmap) => {
          this.levels[wanted] = bitmap;
          this.onLevel?.();
        },
        () => {}, // a missing level only means drawing from another one
      );
    }
    for (const i of fallbackOrder(this.levels.length, wanted)) {
      const level = this.levels[i];
      if (level) return level;
    }
    return null;
  }

  private make(i: number): Promise<ImageBitmap> {
    const decode = this.decode as DecodeLevel;
    const scale = this.scales[i] as number;
    return scale === 1
      ? decode()
      : decode({
          width: Math.max(1, Math.round(this.size.width * scale)),
          height: Math.max(1, Math.round(this.size.height * scale)),
        });
  }
}
