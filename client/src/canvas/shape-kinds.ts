// One util per shape kind (box, polygon, point, keypoint skeleton): how it is stored (normalized,
// rounded), its bounds for culling and clamping, and how it moves; and the document store of each
// kind of item.
import type {
  Box,
  KeypointInstance,
  KeypointsAnswer,
  LabelledPoint,
  PointsAnswer,
  Polygon as PolygonDoc,
  PolygonsAnswer,
} from "../../../protocol/index.ts";
import { moveRectWithin, type Point, type Rect, round2, roundRect, type Size } from "./geometry.ts";
import { type BaseShape, ShapeStore, type ShapeStoreOptions } from "./shape-store.ts";
import { clampMove, roundVertex, type Vertex, vertexBounds } from "./vertex-geometry.ts";

export interface ShapeUtil<S extends BaseShape> {
  normalize(s: S): S;
  /** Bounds in image pixels of what is drawn (labelled keypoints only). */
  bounds(s: S): Rect;
  /** `s` moved by (dx, dy), or less, so that it stays inside the image. */
  moveWithin(s: S, dx: number, dy: number, image: Size): S;
}

export const boxUtil: ShapeUtil<Box> = {
  normalize: ({ id, label, x, y, w, h }) => ({ id, label, ...roundRect({ x, y, w, h }) }),
  bounds: (b) => b,
  moveWithin: (b, dx, dy, image) => ({ ...b, ...moveRectWithin(b, dx, dy, image) }),
};

const polygonBoundsCache = new WeakMap<PolygonDoc, Rect>();

export const polygonUtil: ShapeUtil<PolygonDoc> = {
  normalize: ({ id, label, points }) => ({ id, label, points: points.map(roundVertex) }),
  bounds(p) {
    let b = polygonBoundsCache.get(p);
    if (!b) {
      b = vertexBounds(p.points);
      polygonBoundsCache.set(p, b);
    }
    return b;
  },
  moveWithin(p, dx, dy, image) {
    const m = clampMove(polygonUtil.bounds(p), dx, dy, image);
    return { ...p, points: p.points.map(([x, y]) => [x + m.dx, y + m.dy] as [number, number]) };
  },
};

export const pointUtil: ShapeUtil<LabelledPoint> = {
  normalize: ({ id, label, x, y }) => ({ id, label, x: round2(x), y: round2(y) }),
  bounds: (p) => ({ x: p.x, y: p.y, w: 0, h: 0 }),
  moveWithin(p, dx, dy, image) {
    const m = clampMove({ x: p.x, y: p.y, w: 0, h: 0 }, dx, dy, image);
    return { ...p, x: p.x + m.dx, y: p.y + m.dy };
  },
};

/** The labelled keypoints (v > 0) of an instance, as vertices. */
export function labelledKeypoints(k: KeypointInstance): Vertex[] {
  return k.keypoints.filter((kp) => kp[2] > 0).map(([x, y]) => [x, y] as const);
}

export const keypointUtil: ShapeUtil<KeypointInstance> = {
  normalize: ({ id, label, keypoints }) => ({
    id,
    label,
    // A keypoint not labelled sits at 0, 0, as COCO has it.
    keypoints: keypoints.map(([x, y, v]) => (v === 0 ? [0, 0, 0] : [round2(x), round2(y), v])),
  }),
  bounds: (k) => vertexBounds(labelledKeypoints(k)),
  moveWithin(k, dx, dy, image) {
    const m = clampMove(keypointUtil.bounds(k), dx, dy, image);
    return {
      ...k,
      keypoints: k.keypoints.map(([x, y, v]) => (v === 0 ? [x, y, v] : [x + m.dx, y + m.dy, v])),
    };
  },
};

type StoreOptions<S extends BaseShape> = Omit<ShapeStoreOptions<S>, "normalize" | "same">;

export interface PolygonDraft {
  /** The vertices placed so far. */
  points: readonly Vertex[];
  /** Where the pointer is: the next vertex if the contestant clicks there. */
  cursor: Point | null;
  /** Whether a click at the cursor would be refused (its edge would cross the outline). */
  blocked?: boolean;
}

export class PolygonStore extends ShapeStore<PolygonDoc, PolygonDraft, PolygonsAnswer> {
  constructor(options: StoreOptions<PolygonDoc> = {}) {
    super({ ...options, normalize: polygonUtil.normalize });
  }
  toAnswer(): PolygonsAnswer {
    return { polygons: this.state.shapes.map(polygonUtil.normalize) };
  }
}

export class PointStore extends ShapeStore<LabelledPoint, never, PointsAnswer> {
  constructor(options: StoreOptions<LabelledPoint> = {}) {
    super({ ...options, normalize: pointUtil.normalize });
  }
  toAnswer(): PointsAnswer {
    return { points: this.state.shapes.map(pointUtil.normalize) };
  }
}

export interface KeypointDraft {
  label: string;
  /** The keypoints so far, in template order; the next one to place is at `keypoints.length`. */
  keypoints: readonly (readonly [number, number, 0 | 1 | 2])[];
  /** Visibility the next keypoint is placed with (V switches it between visible and occluded). */
  nextVisibility: 1 | 2;
  cursor: Point | null;
}

export class KeypointStore extends ShapeStore<KeypointInstance, KeypointDraft, KeypointsAnswer> {
  constructor(options: StoreOptions<KeypointInstance> = {}) {
    super({ ...options, normalize: keypointUtil.normalize });
  }
  toAnswer(): KeypointsAnswer {
    return { instances: this.state.shapes.map(keypointUtil.normalize) };
  }
}
