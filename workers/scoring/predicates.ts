// Exact-sign orientation test for polygon geometry: a fast floating-point filter, exact arithmetic when unsure.

/** 2⁻⁵³: half the distance from 1 to the next double. */
const EPSILON = 1.1102230246251565e-16;
/** Shewchuk's error bound for the first (floating-point) stage of orient2d. */
const CCW_ERROR_BOUND = (3 + 16 * EPSILON) * EPSILON;

/**
 * Twice the signed area of the triangle a, b, c: positive when c lies to the left of the line a → b
 * (counter-clockwise with the y axis up), negative to the right, 0 when the three are collinear.
 * The sign is always exact (Shewchuk's adaptive test: a floating-point filter, then exact integer
 * arithmetic in the rare near-collinear case); the magnitude is the floating-point estimate, or
 * the smallest double of the right sign when the estimate's sign was wrong.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const acx = ax - cx;
  const bcy = by - cy;
  const acy = ay - cy;
  const bcx = bx - cx;
  const detLeft = acx * bcy;
  const detRight = acy * bcx;
  const det = detLeft - detRight;
  const absLeft = Math.abs(detLeft);
  const absRight = Math.abs(detRight);
  if (absLeft < TINY || absRight < TINY) {
    // A rounded difference is 0 only for equal operands, so a zero factor is exact. Otherwise a
    // product this small may have underflowed: decide exactly.
    const leftZero = acx === 0 || bcy === 0;
    const rightZero = acy === 0 || bcx === 0;
    if (leftZero && (rightZero || absRight >= TINY)) return rightZero ? 0 : det;
    if (rightZero && absLeft >= TINY) return det;
    return exactly(det, ax, ay, bx, by, cx, cy);
  }
  let detSum: number;
  if (detLeft > 0) {
    if (detRight <= 0) return det;
    detSum = detLeft + detRight;
  } else {
    if (detRight >= 0) return det;
    detSum = -detLeft - detRight;
  }
  const bound = CCW_ERROR_BOUND * detSum;
  if (det >= bound || -det >= bound) return det;
  return exactly(det, ax, ay, bx, by, cx, cy);
}

/** Below this, a product of differences may have lost precision to underflow. */
const TINY = 1e-290;

function exactly(
  det: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): number {
  const sign = orient2dExactSign(ax, ay, bx, by, cx, cy);
  if (sign === 0) return 0;
  return Math.sign(det) === sign ? det : sign * Number.MIN_VALUE;
}

/** A double as an exact integer mantissa times a power of two. */
interface Exact {
  m: bigint;
  e: number;
}

const scratch = new DataView(new ArrayBuffer(8));

function exact(x: number): Exact {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const exponentBits = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (exponentBits !== 0) {
    m |= 1n << 52n;
    e = exponentBits - 1075;
  }
  return { m: hi >>> 31 ? -m : m, e };
}

function sub(a: Exact, b: Exact): Exact {
  const e = Math.min(a.e, b.e);
  return { m: (a.m << BigInt(a.e - e)) - (b.m << BigInt(b.e - e)), e };
}

function mul(a: Exact, b: Exact): Exact {
  return { m: a.m * b.m, e: a.e + b.e };
}

/** The exact sign of (a − c) × (b − c), computed on the doubles' exact binary values. */
function orient2dExactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const ecx = exact(cx);
  const ecy = exact(cy);
  const left = mul(sub(exact(ax), ecx), sub(exact(by), ecy));
  const right = mul(sub(exact(ay), ecy), sub(exact(bx), ecx));
  const det = sub(left, right).m;
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}
