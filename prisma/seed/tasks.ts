// Demo tasks of every kind beside boxes, with generated media and exact truths, for the demo seed
// and the tests. Deterministic: the same call always builds the same items. Images are drawn as SVG
// here and rasterized when they are stored (buildPaper): no markup ever reaches a contestant.

import { mulberry32 } from "../../core/random.ts";
import type {
  ClassificationAnswer,
  KeypointsAnswer,
  Label,
  PointsAnswer,
  PolygonsAnswer,
  Skeleton,
  SpansAnswer,
  TableAnswer,
  TaskKind,
  TranscriptionAnswer,
} from "../../protocol/index.ts";
import { makeWav } from "./audio.ts";

/** One item: what the contestant gets (payload and media) and the hidden truth. */
export interface ItemSpec {
  /** Stored as Item.payload: { width, height }, { text }, { durationMs } or { header, rows }. */
  payload: Record<string, unknown>;
  /** Stored as Item.media: raster images or audio only, never markup (docs/MEDIA.md). */
  media?: { type: string; body: Buffer };
  /**
   * An image as an SVG drawing, for the seed's eyes only: buildPaper stores it rasterized to PNG
   * (prisma/seed/raster.ts), since the markup holds the exact truth shapes.
   */
  drawing?: string;
  /** Stored as GroundTruth.data: a document of the task's kind (keypoint instances add `area`). */
  truth: object;
}

export interface TaskSpec {
  kind: TaskKind;
  title: string;
  instructions: string;
  labels: Label[];
  points: number;
  /** Scoring settings and the tool options (multiLabel, allowOverlap, skeleton). */
  settings: Record<string, unknown>;
  items: ItemSpec[];
}

const W = 960;
const H = 640;

const rng = mulberry32;

const r1 = (n: number) => Math.round(n * 10) / 10;
const svg = (body: string, background = "#eef3f7") =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
  `<rect width="${W}" height="${H}" fill="${background}"/>${body}</svg>`;

// --- polygons: lakes and buildings seen from above ------------------------------------------

const POLYGON_LABELS: Label[] = [
  { id: "building", name: "建筑 building", color: "#e4572e" },
  { id: "lake", name: "湖泊 lake", color: "#2e86ab" },
];

function polygonScene(seed: number): ItemSpec {
  const rand = rng(seed);
  const polygons: PolygonsAnswer["polygons"] = [];
  const body: string[] = [];
  const cells = [
    [200, 180],
    [480, 200],
    [760, 180],
    [260, 460],
    [700, 460],
  ];
  cells.slice(0, 3 + Math.floor(rand() * 3)).forEach(([cx = 0, cy = 0], i) => {
    const lake = rand() < 0.5;
    let points: [number, number][];
    if (lake) {
      // A star-shaped blob: radii vary around the centre, so the ring never crosses itself.
      const n = 9 + Math.floor(rand() * 5);
      points = Array.from({ length: n }, (_, k) => {
        const a = (2 * Math.PI * k) / n;
        const r = 60 + rand() * 50;
        return [r1(cx + r * Math.cos(a)), r1(cy + r * Math.sin(a))];
      });
    } else {
      // An L-shaped building.
      const w = 120 + rand() * 60;
      const h = 100 + rand() * 50;
      const x = cx - w / 2;
      const y = cy - h / 2;
      points = [
        [x, y],
        [x + w, y],
        [x + w, y + h * 0.55],
        [x + w * 0.5, y + h * 0.55],
        [x + w * 0.5, y + h],
        [x, y + h],
      ].map(([px = 0, py = 0]) => [r1(px), r1(py)]);
    }
    polygons.push({ id: `p${i + 1}`, label: lake ? "lake" : "building", points });
    body.push(
      `<polygon points="${points.map((p) => p.join(",")).join(" ")}" fill="${lake ? "#6fb7e0" : "#b0806a"}" stroke="${lake ? "#3b8dbd" : "#6b4535"}" stroke-width="2"/>`,
    );
  });
  return { payload: { width: W, height: H }, drawing: svg(body.join(""), "#cfe3b4"), truth: { polygons } };
}

// --- points: stars and crosses ----------------------------------------------------------------

const POINT_LABELS: Label[] = [
  { id: "star", name: "星形 star", color: "#f0a202" },
  { id: "cross", name: "十字 cross", color: "#d7263d" },
];

function pointScene(seed: number): ItemSpec {
  const rand = rng(seed);
  const points: PointsAnswer["points"] = [];
  const body: string[] = [];
  const n = 6 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const x = Math.round(80 + rand() * (W - 160));
    const y = Math.round(80 + rand() * (H - 160));
    const star = rand() < 0.5;
    points.push({ id: `k${i + 1}`, label: star ? "star" : "cross", x, y });
    if (star) {
      const tips = Array.from({ length: 10 }, (_, k) => {
        const a = (Math.PI * k) / 5 - Math.PI / 2;
        const r = k % 2 === 0 ? 18 : 8;
        return `${r1(x + r * Math.cos(a))},${r1(y + r * Math.sin(a))}`;
      });
      body.push(`<polygon points="${tips.join(" ")}" fill="#f0a202"/>`);
    } else
      body.push(
        `<path d="M${x - 14} ${y}H${x + 14}M${x} ${y - 14}V${y + 14}" stroke="#d7263d" stroke-width="5"/>`,
      );
  }
  return { payload: { width: W, height: H }, drawing: svg(body.join("")), truth: { points } };
}

// --- keypoints: stick figures ------------------------------------------------------------------

export const STICK_FIGURE: Skeleton = {
  keypoints: [
    { id: "head", name: "头 head" },
    { id: "neck", name: "颈 neck" },
    { id: "l_hand", name: "左手 left hand" },
    { id: "r_hand", name: "右手 right hand" },
    { id: "hip", name: "髋 hip" },
    { id: "l_foot", name: "左脚 left foot" },
    { id: "r_foot", name: "右脚 right foot" },
  ],
  edges: [
    [0, 1],
    [1, 2],
    [1, 3],
    [1, 4],
    [4, 5],
    [4, 6],
  ],
};

function figureScene(seed: number): ItemSpec {
  const rand = rng(seed);
  const instances: (KeypointsAnswer["instances"][number] & { area: number })[] = [];
  const body: string[] = [];
  const n = 2 + Math.floor(rand() * 2);
  for (let i = 0; i < n; i++) {
    const cx = 180 + i * 300 + rand() * 60;
    const top = 120 + rand() * 120;
    const s = 0.8 + rand() * 0.4;
    const at = (dx: number, dy: number): [number, number] => [r1(cx + dx * s), r1(top + dy * s)];
    const pts = [
      at(0, 0),
      at(0, 50),
      at(-70 - rand() * 20, 90 + rand() * 40),
      at(70 + rand() * 20, 90 + rand() * 40),
      at(0, 170),
      at(-45 - rand() * 15, 290),
      at(45 + rand() * 15, 290),
    ];
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const area = r1((Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)));
    instances.push({ id: `f${i + 1}`, label: "person", keypoints: pts.map(([x, y]) => [x, y, 2]), area });
    for (const [a, b] of STICK_FIGURE.edges) {
      const p = pts[a] ?? [0, 0];
      const q = pts[b] ?? [0, 0];
      body.push(
        `<line x1="${p[0]}" y1="${p[1]}" x2="${q[0]}" y2="${q[1]}" stroke="#333" stroke-width="8" stroke-linecap="round"/>`,
      );
    }
    const [hx, hy] = pts[0] ?? [0, 0];
    body.push(
      `<circle cx="${hx}" cy="${hy}" r="${r1(22 * s)}" fill="#f2c49b" stroke="#333" stroke-width="4"/>`,
    );
  }
  return { payload: { width: W, height: H }, drawing: svg(body.join("")), truth: { instances } };
}

// --- image classification: day or night, with or without rain -----------------------------------

const WEATHER_LABELS: Label[] = [
  { id: "day", name: "白天 day", color: "#f6ae2d" },
  { id: "night", name: "夜晚 night", color: "#33658a" },
  { id: "rain", name: "下雨 rain", color: "#86bbd8" },
];

function weatherScene(seed: number): ItemSpec {
  const rand = rng(seed);
  const day = seed % 2 === 1;
  const rain = rand() < 0.5;
  const body: string[] = [
    day
      ? `<circle cx="${r1(150 + rand() * 600)}" cy="140" r="70" fill="#ffd23f"/>`
      : `<circle cx="${r1(150 + rand() * 600)}" cy="140" r="60" fill="#f4f1de"/><circle cx="760" cy="90" r="3" fill="#fff"/><circle cx="300" cy="60" r="3" fill="#fff"/>`,
    `<rect y="${H - 160}" width="${W}" height="160" fill="${day ? "#7cb518" : "#2d4a22"}"/>`,
  ];
  if (rain)
    for (let i = 0; i < 80; i++) {
      const x = r1(rand() * W);
      const y = r1(rand() * (H - 180));
      body.push(`<line x1="${x}" y1="${y}" x2="${x - 6}" y2="${y + 22}" stroke="#9ec5e8" stroke-width="2"/>`);
    }
  const labels = [day ? "day" : "night", ...(rain ? ["rain"] : [])];
  return {
    payload: { width: W, height: H },
    drawing: svg(body.join(""), day ? "#a8dadc" : "#0b132b"),
    truth: { labels } satisfies ClassificationAnswer,
  };
}

// --- text -------------------------------------------------------------------------------------

const NER_LABELS: Label[] = [
  { id: "PER", name: "人名 PER", color: "#e4572e" },
  { id: "LOC", name: "地名 LOC", color: "#2e86ab" },
  { id: "ORG", name: "机构 ORG", color: "#3bb273" },
];

/** Spans by the substrings they cover, in code points, so the truth cannot drift from the text. */
function spansOf(text: string, marks: [string, string][]): SpansAnswer {
  const chars = Array.from(text);
  const spans: SpansAnswer["spans"] = [];
  for (const [i, [phrase, label]] of marks.entries()) {
    const unit = text.indexOf(phrase);
    if (unit < 0) throw new Error(`"${phrase}" is not in "${text}"`);
    const start = Array.from(text.slice(0, unit)).length;
    spans.push({ id: `s${i + 1}`, start, end: start + Array.from(phrase).length, label });
  }
  if (spans.some((s) => s.end > chars.length)) throw new Error("span past the text");
  return { spans };
}

const NER_TEXTS: [string, [string, string][]][] = [
  [
    "张伟去年从北京来到深圳，加入了华为技术有限公司的人工智能团队。",
    [
      ["张伟", "PER"],
      ["北京", "LOC"],
      ["深圳", "LOC"],
      ["华为技术有限公司", "ORG"],
    ],
  ],
  [
    "Alice Chen met Li Na at Tsinghua University in Beijing last May.",
    [
      ["Alice Chen", "PER"],
      ["Li Na", "PER"],
      ["Tsinghua University", "ORG"],
      ["Beijing", "LOC"],
    ],
  ],
  [
    "李娜在上海交通大学读书，周末常去杭州看望王芳。🙂",
    [
      ["李娜", "PER"],
      ["上海交通大学", "ORG"],
      ["杭州", "LOC"],
      ["王芳", "PER"],
    ],
  ],
];

const SENTIMENT_LABELS: Label[] = [
  { id: "positive", name: "正面 positive", color: "#3bb273" },
  { id: "neutral", name: "中性 neutral", color: "#8d99ae" },
  { id: "negative", name: "负面 negative", color: "#d7263d" },
];

const SENTIMENT_TEXTS: [string, string][] = [
  ["这家餐厅的菜很好吃，服务也很周到，下次还会再来。", "positive"],
  ["The parcel arrived two weeks late and the box was crushed.", "negative"],
  ["会议改在周三下午三点，地点不变。", "neutral"],
];

// --- table cleaning -------------------------------------------------------------------------

const TABLE_HEADER = ["编号 id", "姓名 name", "城市 city", "年龄 age"];
/** The dirty table: a duplicate row, an invalid age, missing cities, full-width digits, spaces. */
const DIRTY_ROWS = [
  ["1", "王磊", "北京", "34"],
  ["2", "陈静", "", "28"],
  ["3", "刘洋", "上海", "４５"],
  ["3", "刘洋", "上海", "45"],
  ["4", "赵敏 ", "广州", "-7"],
  ["5", "孙丽", "", "51"],
  ["6", "周杰", "深圳", "39"],
];
const CLEAN_ROWS = [
  ["1", "王磊", "北京", "34"],
  ["2", "陈静", "北京", "28"],
  ["3", "刘洋", "上海", "45"],
  ["5", "孙丽", "北京", "51"],
  ["6", "周杰", "深圳", "39"],
];

// --- audio --------------------------------------------------------------------------------------

/** Digits as beeps: a digit d > 0 is d short beeps, 0 is one long tone; groups are apart. */
function beepCode(digits: string): ItemSpec {
  const wav = makeWav(digits);
  return {
    payload: { durationMs: wav.durationMs },
    media: { type: "audio/wav", body: wav.body },
    truth: { text: digits } satisfies TranscriptionAnswer,
  };
}

// --- the tasks ------------------------------------------------------------------------------------

/** A demo task of `kind` (not BOXES: see DEFAULT_BOX_TASK), with `count` items (up to 3 for text). */
export function demoTask(kind: Exclude<TaskKind, "BOXES">, count = 3): TaskSpec {
  const seeds = Array.from({ length: count }, (_, i) => 101 + i * 17);
  switch (kind) {
    case "POLYGONS":
      return {
        kind,
        title: "航拍图多边形标注 Aerial polygons",
        instructions:
          "沿边缘用多边形标出每一座建筑和每一片湖泊。Outline every building and every lake with a polygon along its edge.",
        labels: POLYGON_LABELS,
        points: 100,
        settings: { iouThreshold: 0.5 },
        items: seeds.map(polygonScene),
      };
    case "POINTS":
      return {
        kind,
        title: "关键点定位 Point marking",
        instructions:
          "在每个星形和十字的中心点一个点。Put one point at the centre of every star and every cross.",
        labels: POINT_LABELS,
        points: 100,
        settings: { radius: 12 },
        items: seeds.map(pointScene),
      };
    case "KEYPOINTS":
      return {
        kind,
        title: "人体骨架关键点 Stick-figure skeletons",
        instructions:
          "按模板顺序为每个人标出 7 个关键点。Mark the 7 keypoints of every figure in the template's order.",
        labels: [{ id: "person", name: "人 person", color: "#e4572e" }],
        points: 100,
        settings: {
          skeleton: STICK_FIGURE,
          sigmas: STICK_FIGURE.keypoints.map(() => 0.079),
          oksThreshold: 0.5,
        },
        items: seeds.map(figureScene),
      };
    case "IMAGE_CLASSIFICATION":
      return {
        kind,
        title: "图像分类 Image classification",
        instructions:
          "选出图片对应的全部标签：白天或夜晚，以及是否下雨。Choose every label that applies: day or night, and rain.",
        labels: WEATHER_LABELS,
        points: 100,
        settings: { multiLabel: true },
        items: seeds.map(weatherScene),
      };
    case "TEXT_SPANS":
      return {
        kind,
        title: "命名实体标注 Named entities",
        instructions:
          "选中文字，标出人名、地名和机构名。Select the text of every person, place and organisation name.",
        labels: NER_LABELS,
        points: 100,
        settings: { partial: false, allowOverlap: false },
        items: NER_TEXTS.slice(0, count).map(([text, marks]) => ({
          payload: { text },
          truth: spansOf(text, marks),
        })),
      };
    case "TEXT_CLASSIFICATION":
      return {
        kind,
        title: "情感分类 Sentiment",
        instructions: "判断每段文字的情感倾向。Choose the sentiment of each text.",
        labels: SENTIMENT_LABELS,
        points: 100,
        settings: { multiLabel: false },
        items: SENTIMENT_TEXTS.slice(0, count).map(([text, label]) => ({
          payload: { text },
          truth: { labels: [label] },
        })),
      };
    case "TRANSCRIPTION":
      return {
        kind,
        title: "音频转写 Audio transcription",
        instructions:
          "每组短促的“嘀”声代表一个数字（数一数有几声），一声长音代表 0。写下听到的数字，不加空格。Each group of short beeps is a digit (count them); one long tone is 0. Write the digits without spaces.",
        labels: [],
        points: 100,
        settings: {},
        items: ["305", "214", "1203"].slice(0, count).map(beepCode),
      };
    case "TABLE":
      return {
        kind,
        title: "数据清洗 Data cleaning",
        instructions:
          "删除重复行和无效行（标记即可），补全缺失的城市（均为北京），修正全角数字和多余空格。Mark duplicate and invalid rows, fill the missing cities (all 北京) and fix full-width digits and stray spaces.",
        labels: [],
        points: 100,
        settings: { key: TABLE_HEADER[0] },
        items: [
          {
            payload: { header: TABLE_HEADER, rows: DIRTY_ROWS },
            truth: { header: TABLE_HEADER, rows: CLEAN_ROWS },
          },
        ],
      };
  }
}

/** The table answer that reproduces the truth of demoTask("TABLE"): for tests of the scorer path. */
export function cleanTableAnswer(): TableAnswer {
  return {
    rows: DIRTY_ROWS.map((r, i) =>
      i === 1 || i === 5
        ? [r[0] ?? "", r[1] ?? "", "北京", r[3] ?? ""]
        : i === 2
          ? ["3", "刘洋", "上海", "45"]
          : r,
    ),
    marks: DIRTY_ROWS.map((_, i) => (i === 3 ? "duplicate" : i === 4 ? "invalid" : null)),
  };
}
