// Points and keypoint skeletons on the canvas: batched renderers for the cached layer (one path per
// label, culled to the view, in screen pixels) and the Konva shapes of what is being edited or drawn.
import { Circle, Group, Label, Line, Tag, Text } from "react-konva";
import type { KeypointInstance, LabelledPoint, Skeleton } from "../../../protocol/index.ts";
import { type LabelPalette, withAlpha } from "./colors.ts";
import { intersects } from "./culling.ts";
import type { Rect } from "./geometry.ts";
import type { Context2D } from "./layer-cache.ts";
import { type KeypointDraft, keypointUtil } from "./shape-kinds.ts";
import type { Viewport } from "./viewport.ts";

const POINT_RADIUS_PX = 4;

/** Draws the points that lie in `view`; `selected` ones get a ring. Returns how many it drew. */
export function drawPointBatch(
  ctx: Context2D,
  points: readonly LabelledPoint[],
  v: Viewport,
  view: Rect,
  palette: LabelPalette,
  selected: ReadonlySet<string>,
): number {
  const byLabel = new Map<string, LabelledPoint[]>();
  let count = 0;
  for (const p of points) {
    if (p.x < view.x || p.x > view.x + view.w || p.y < view.y || p.y > view.y + view.h) continue;
    let list = byLabel.get(p.label);
    if (!list) {
      list = [];
      byLabel.set(p.label, list);
    }
    list.push(p);
    count += 1;
  }
  ctx.lineWidth = 1;
  for (const [label, list] of byLabel) {
    ctx.beginPath();
    for (const p of list) {
      const x = p.x * v.scale + v.x;
      const y = p.y * v.scale + v.y;
      ctx.moveTo(x + POINT_RADIUS_PX, y);
      ctx.arc(x, y, POINT_RADIUS_PX, 0, 2 * Math.PI);
    }
    ctx.fillStyle = palette.colorOf(label);
    ctx.fill();
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  }
  if (selected.size > 0) {
    ctx.lineWidth = 2;
    for (const p of points) {
      if (!selected.has(p.id)) continue;
      ctx.beginPath();
      ctx.arc(p.x * v.scale + v.x, p.y * v.scale + v.y, POINT_RADIUS_PX + 4, 0, 2 * Math.PI);
      ctx.strokeStyle = palette.colorOf(p.label);
      ctx.stroke();
    }
  }
  return count;
}

/** The point being edited. */
export function PointEditShape(props: { point: LabelledPoint; color: string; scale: number }) {
  const { point, color, scale } = props;
  return (
    <Group listening={false}>
      <Circle
        x={point.x}
        y={point.y}
        radius={(POINT_RADIUS_PX + 5) / scale}
        stroke={color}
        strokeWidth={2}
        strokeScaleEnabled={false}
      />
      <Circle
        x={point.x}
        y={point.y}
        radius={(POINT_RADIUS_PX + 1) / scale}
        fill={color}
        stroke="#ffffff"
        strokeWidth={1.5}
        strokeScaleEnabled={false}
      />
    </Group>
  );
}

/** Draws skeletons that meet `view`: edges between labelled keypoints, then the keypoints (occluded ones hollow). */
export function drawSkeletonBatch(
  ctx: Context2D,
  instances: readonly KeypointInstance[],
  skeleton: Skeleton | undefined,
  v: Viewport,
  view: Rect,
  palette: LabelPalette,
  selected: ReadonlySet<string>,
): number {
  let count = 0;
  for (const inst of instances) {
    if (!intersects(keypointUtil.bounds(inst), view)) continue;
    count += 1;
    const color = palette.colorOf(inst.label);
    const at = (i: number) => {
      const k = inst.keypoints[i];
      return k && k[2] > 0 ? [k[0] * v.scale + v.x, k[1] * v.scale + v.y] : null;
    };
    ctx.lineWidth = selected.has(inst.id) ? 3 : 1.5;
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const [a, b] of skeleton?.edges ?? []) {
      const pa = at(a);
      const pb = at(b);
      if (!pa || !pb) continue;
      ctx.moveTo(pa[0] as number, pa[1] as number);
      ctx.lineTo(pb[0] as number, pb[1] as number);
    }
    ctx.stroke();
    ctx.lineWidth = 1.5;
    inst.keypoints.forEach(([x, y, vis]) => {
      if (vis === 0) return;
      ctx.beginPath();
      ctx.arc(x * v.scale + v.x, y * v.scale + v.y, POINT_RADIUS_PX, 0, 2 * Math.PI);
      ctx.fillStyle = vis === 2 ? color : "#ffffff";
      ctx.fill();
      ctx.strokeStyle = vis === 2 ? "#ffffff" : color;
      ctx.stroke();
    });
  }
  return count;
}

type Kp = readonly [number, number, 0 | 1 | 2];

function SkeletonNodes(props: {
  keypoints: readonly Kp[];
  skeleton: Skeleton;
  color: string;
  scale: number;
  active: number | null;
}) {
  const { keypoints, skeleton, color, scale, active } = props;
  const r = (POINT_RADIUS_PX + 1.5) / scale;
  return (
    <>
      {skeleton.edges.map(([a, b]) => {
        const ka = keypoints[a];
        const kb = keypoints[b];
        if (!ka || !kb || ka[2] === 0 || kb[2] === 0) return null;
        return (
          <Line
            key={`${a}-${b}`}
            points={[ka[0], ka[1], kb[0], kb[1]]}
            stroke={color}
            strokeWidth={2.5}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        );
      })}
      {keypoints.map(([x, y, vis], i) =>
        vis === 0 ? null : (
          <Circle
            // biome-ignore lint/suspicious/noArrayIndexKey: keypoints are identified by their template position
            key={i}
            x={x}
            y={y}
            radius={i === active ? r * 1.4 : r}
            fill={vis === 2 ? color : "#ffffff"}
            stroke={i === active ? "#111827" : vis === 2 ? "#ffffff" : color}
            strokeWidth={i === active ? 2.5 : 1.5}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        ),
      )}
    </>
  );
}

/** The skeleton being edited, with its picked keypoint and that keypoint's name. */
export function SkeletonEditShape(props: {
  instance: KeypointInstance;
  skeleton: Skeleton;
  color: string;
  scale: number;
  activeVertex: number | null;
}) {
  const { instance, skeleton, color, scale, activeVertex } = props;
  const active = activeVertex === null ? undefined : instance.keypoints[activeVertex];
  const name = activeVertex === null ? undefined : skeleton.keypoints[activeVertex]?.name;
  return (
    <Group listening={false}>
      <SkeletonNodes
        keypoints={instance.keypoints}
        skeleton={skeleton}
        color={color}
        scale={scale}
        active={activeVertex}
      />
      {active && active[2] > 0 && name && (
        <NameTag x={active[0]} y={active[1]} name={name} color={color} scale={scale} />
      )}
    </Group>
  );
}

/** The skeleton being placed, and the name of the keypoint the next click places, by the pointer. */
export function SkeletonDraftShape(props: {
  draft: KeypointDraft;
  skeleton: Skeleton;
  color: string;
  scale: number;
  /** The word for "occluded", in the interface language. */
  occluded: string;
}) {
  const { draft, skeleton, color, scale, occluded } = props;
  const next = skeleton.keypoints[draft.keypoints.length]?.name;
  return (
    <Group listening={false}>
      <SkeletonNodes
        keypoints={draft.keypoints}
        skeleton={skeleton}
        color={color}
        scale={scale}
        active={null}
      />
      {draft.cursor && next && (
        <NameTag
          x={draft.cursor.x}
          y={draft.cursor.y}
          name={draft.nextVisibility === 1 ? `${next} (${occluded})` : next}
          color={withAlpha(color, 0.9)}
          scale={scale}
        />
      )}
    </Group>
  );
}

function NameTag(props: { x: number; y: number; name: string; color: string; scale: number }) {
  const { x, y, name, color, scale } = props;
  return (
    <Label x={x + 10 / scale} y={y + 10 / scale} scaleX={1 / scale} scaleY={1 / scale}>
      <Tag fill={color} cornerRadius={2} perfectDrawEnabled={false} />
      <Text
        text={name}
        fontSize={12}
        padding={3}
        fill="#ffffff"
        fontFamily="system-ui, sans-serif"
        perfectDrawEnabled={false}
      />
    </Label>
  );
}
