// How one box looks on the Konva canvas: its outline, a light fill and a label tag, drawn in image
// pixels on a scaled stage while strokes and text keep their size on screen.
import { Group, Label, Rect, Tag, Text } from "react-konva";
import type { Box } from "../../../protocol/index.ts";
import { withAlpha } from "./colors.ts";
import type { Rect as RectGeom } from "./geometry.ts";

/** The Konva node id of a box, for the Transformer to find it. */
export const boxNodeId = (id: string) => `box:${id}`;

const TAG_HEIGHT = 18;

export function BoxShape(props: { box: Box; color: string; name: string; selected: boolean; scale: number }) {
  const { box, color, name, selected, scale } = props;
  const tagAbove = box.y * scale >= TAG_HEIGHT;
  return (
    <Group listening={false}>
      <Rect
        id={boxNodeId(box.id)}
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        stroke={color}
        strokeWidth={selected ? 2.5 : 2}
        strokeScaleEnabled={false}
        fill={withAlpha(color, selected ? 0.2 : 0.08)}
      />
      <Label
        x={box.x}
        y={tagAbove ? box.y - TAG_HEIGHT / scale : box.y}
        scaleX={1 / scale}
        scaleY={1 / scale}
        opacity={selected ? 1 : 0.9}
      >
        <Tag fill={color} cornerRadius={2} />
        <Text text={name} fontSize={12} padding={3} fill="#ffffff" fontFamily="system-ui, sans-serif" />
      </Label>
    </Group>
  );
}

/** The box being drawn. */
export function DraftShape({ rect, color }: { rect: RectGeom; color: string }) {
  return (
    <Rect
      listening={false}
      x={rect.x}
      y={rect.y}
      width={rect.w}
      height={rect.h}
      stroke={color}
      strokeWidth={1.5}
      dash={[6, 4]}
      strokeScaleEnabled={false}
      fill={withAlpha(color, 0.12)}
    />
  );
}
