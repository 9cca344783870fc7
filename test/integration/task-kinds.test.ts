// Every task kind through the real server and worker: what a contestant is sent (never the truth),
// what a save accepts and refuses (with a code, losing nothing), the media with byte ranges, and
// scores written for a paper holding one task of each kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boxTask, DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { cleanTableAnswer, demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import {
  type AttemptState,
  type ExamView,
  type ItemView,
  type SaveAnswerResult,
  TASK_KINDS,
  type TaskKind,
  type TaskView,
} from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

const specs: TaskSpec[] = TASK_KINDS.map((kind) =>
  kind === "BOXES" ? boxTask({ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] }) : demoTask(kind, 2),
);

let stack: Stack;
let fx: ExamFixture;
let c: Client;
let attemptId: string;
let view: ExamView;
const sent: string[] = [];

beforeAll(async () => {
  stack = await startStack({ worker: true });
  fx = await newExamFixture(stack.db, { questions: [], tasks: specs });
  attemptId = fx.contestants[0]?.attemptId ?? "";
  c = new Client(stack.baseUrl);
  c.onResponse = (text) => sent.push(text);
  await c.login("T-001", PASSWORD);
  expect((await c.post<AttemptState>(`/api/attempts/${attemptId}/start`)).status).toBe(200);
  const res = await c.get<ExamView>(`/api/attempts/${attemptId}/exam`);
  expect(res.status).toBe(200);
  view = res.body.data as ExamView;
});
afterAll(async () => {
  await stack?.stop();
});

const taskOf = (kind: TaskKind): TaskView => {
  const t = view.paper.sections.flatMap((s) => s.tasks).find((x) => x.kind === kind);
  if (!t) throw new Error(`no ${kind} task`);
  return t;
};
const firstItem = (kind: TaskKind): ItemView => {
  const it = taskOf(kind).items[0];
  if (!it) throw new Error(`no ${kind} item`);
  return it;
};
const truthOf = (kind: TaskKind, index = 0) => {
  const truth = specs.find((s) => s.kind === kind)?.items[index]?.truth as Record<string, unknown>;
  if (kind !== "KEYPOINTS") return truth;
  return {
    instances: (truth.instances as Record<string, unknown>[]).map(({ area: _a, ...rest }) => rest),
  };
};

const revisions = new Map<string, number>();
function save(itemId: string, data: unknown) {
  const revision = (revisions.get(itemId) ?? 0) + 1;
  return c
    .put<SaveAnswerResult>(`/api/attempts/${attemptId}/answers`, {
      target: { kind: "item", id: itemId },
      revision,
      data,
    })
    .then((res) => {
      if (res.status === 200) revisions.set(itemId, revision);
      return res;
    });
}
const stored = (itemId: string) =>
  stack.db.answer.findFirst({ where: { attemptId, itemId }, select: { data: true, filled: true } });

describe("the contestant's view of every task kind", () => {
  it("carries what each tool needs", () => {
    expect(view.paper.sections.flatMap((s) => s.tasks).map((t) => t.kind)).toEqual([...TASK_KINDS]);
    expect(firstItem("POLYGONS")).toMatchObject({
      width: 960,
      height: 640,
      imageUrl: expect.stringMatching(/^\/api\/media\/[A-Za-z0-9_-]+$/),
    });
    expect(firstItem("TEXT_SPANS").text).toBe(specs[5]?.items[0]?.payload.text);
    expect(firstItem("TRANSCRIPTION").audio).toMatchObject({
      url: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(firstItem("TABLE").table?.header).toHaveLength(4);
    expect(taskOf("KEYPOINTS").options.skeleton?.keypoints).toHaveLength(7);
    expect(taskOf("IMAGE_CLASSIFICATION").options).toEqual({ multiLabel: true });
    expect(taskOf("TEXT_SPANS").options).toEqual({ allowOverlap: false });
  });

  it("never carries a truth or a scoring setting", () => {
    const all = sent.join("\n");
    for (const word of [
      "groundTruth",
      "truth",
      "iouThreshold",
      "radius",
      "sigmas",
      "oksThreshold",
      "partial",
    ])
      expect(all).not.toContain(word);
    // The truths' own content: a cleaned table's filled city and the transcription digits.
    const table = JSON.stringify(firstItem("TABLE").table);
    expect(table).not.toContain('"2","陈静","北京"');
    const polygon = (truthOf("POLYGONS") as { polygons: { points: number[][] }[] }).polygons[0];
    const point = (truthOf("POINTS") as { points: { x: number; y: number }[] }).points[0];
    const skeleton = (truthOf("KEYPOINTS") as { instances: { keypoints: number[][] }[] }).instances[0];
    expect(polygon && point && skeleton).toBeTruthy();
    expect(all).not.toContain(JSON.stringify(polygon?.points));
    expect(all).not.toContain(`"x":${point?.x},"y":${point?.y}`);
    expect(all).not.toContain(JSON.stringify(skeleton?.keypoints));
    expect(all).not.toMatch(/"text":"305"/);
  });

  it("serves a recording in byte ranges so that a player can seek", async () => {
    const url = stack.baseUrl + (firstItem("TRANSCRIPTION").audio?.url ?? "");
    const whole = await fetch(url, { headers: { cookie: c.cookie } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const body = Buffer.from(await whole.arrayBuffer());
    expect(body.subarray(0, 4).toString("ascii")).toBe("RIFF");
    const part = await fetch(url, { headers: { cookie: c.cookie, range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
    const tail = await fetch(url, { headers: { cookie: c.cookie, range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(body.subarray(body.length - 10))).toBe(true);
    const beyond = await fetch(url, { headers: { cookie: c.cookie, range: `bytes=${body.length}-` } });
    expect(beyond.status).toBe(416);
    const stranger = await fetch(url);
    expect(stranger.status).toBe(401);
  });
});

/** For each kind: a valid document, and bad ones with the error they must get. */
const cases: { kind: TaskKind; good: () => unknown; bad: [string, () => unknown, RegExp][] }[] = [
  {
    kind: "POLYGONS",
    good: () => truthOf("POLYGONS"),
    bad: [
      [
        "two vertices",
        () => ({
          polygons: [
            {
              id: "a",
              label: "lake",
              points: [
                [1, 1],
                [5, 5],
              ],
            },
          ],
        }),
        /POLYGONS/,
      ],
      [
        "NaN",
        () => ({
          polygons: [
            {
              id: "a",
              label: "lake",
              points: [
                [1, 1],
                [5, 5],
                [Number.NaN, 3],
              ],
            },
          ],
        }),
        /POLYGONS/,
      ],
      [
        "a bow tie",
        () => ({
          polygons: [
            {
              id: "a",
              label: "lake",
              points: [
                [10, 10],
                [60, 60],
                [60, 10],
                [10, 60],
              ],
            },
          ],
        }),
        /crosses itself/,
      ],
      [
        "outside",
        () => ({
          polygons: [
            {
              id: "a",
              label: "lake",
              points: [
                [1, 1],
                [5000, 5],
                [3, 3],
              ],
            },
          ],
        }),
        /outside/,
      ],
      [
        "unknown label",
        () => ({
          polygons: [
            {
              id: "a",
              label: "cat",
              points: [
                [1, 1],
                [50, 5],
                [3, 30],
              ],
            },
          ],
        }),
        /label/,
      ],
    ],
  },
  {
    kind: "POINTS",
    good: () => truthOf("POINTS"),
    bad: [
      [
        "duplicate id",
        () => ({
          points: [
            { id: "a", label: "star", x: 1, y: 1 },
            { id: "a", label: "star", x: 2, y: 2 },
          ],
        }),
        /POINTS/,
      ],
      ["outside", () => ({ points: [{ id: "a", label: "star", x: -50, y: 1 }] }), /outside/],
    ],
  },
  {
    kind: "KEYPOINTS",
    good: () => truthOf("KEYPOINTS"),
    bad: [
      [
        "wrong count",
        () => ({ instances: [{ id: "a", label: "person", keypoints: [[1, 1, 2]] }] }),
        /template has 7/,
      ],
      [
        "bad visibility",
        () => ({ instances: [{ id: "a", label: "person", keypoints: [[1, 1, 3]] }] }),
        /KEYPOINTS/,
      ],
    ],
  },
  {
    kind: "IMAGE_CLASSIFICATION",
    good: () => ({ labels: ["night", "rain"] }),
    bad: [
      ["unknown label", () => ({ labels: ["snow"] }), /label/],
      ["twice", () => ({ labels: ["day", "day"] }), /IMAGE_CLASSIFICATION/],
    ],
  },
  {
    kind: "TEXT_CLASSIFICATION",
    good: () => ({ labels: ["neutral"] }),
    bad: [["two labels on a single-label task", () => ({ labels: ["neutral", "positive"] }), /one label/]],
  },
  {
    kind: "TEXT_SPANS",
    good: () => truthOf("TEXT_SPANS"),
    bad: [
      ["past the text", () => ({ spans: [{ id: "a", start: 0, end: 999, label: "PER" }] }), /past the text/],
      [
        "overlapping",
        () => ({
          spans: [
            { id: "a", start: 0, end: 3, label: "PER" },
            { id: "b", start: 2, end: 4, label: "LOC" },
          ],
        }),
        /overlap/,
      ],
      ["empty", () => ({ spans: [{ id: "a", start: 3, end: 3, label: "PER" }] }), /TEXT_SPANS/],
      ["fractional", () => ({ spans: [{ id: "a", start: 0.5, end: 3, label: "PER" }] }), /TEXT_SPANS/],
    ],
  },
  {
    kind: "TRANSCRIPTION",
    good: () => ({ text: "3 0 5" }),
    bad: [
      ["not a string", () => ({ text: 305 }), /TRANSCRIPTION/],
      ["too long", () => ({ text: "x".repeat(20_001) }), /TRANSCRIPTION/],
    ],
  },
  {
    kind: "TABLE",
    good: () => cleanTableAnswer(),
    bad: [
      [
        "a row short",
        () => ({ rows: cleanTableAnswer().rows.slice(1), marks: cleanTableAnswer().marks.slice(1) }),
        /rows/,
      ],
      [
        "a cell short",
        () => ({
          ...cleanTableAnswer(),
          rows: cleanTableAnswer().rows.map((r, i) => (i === 2 ? r.slice(1) : r)),
        }),
        /cells/,
      ],
      ["marks not matching", () => ({ ...cleanTableAnswer(), marks: [] }), /TABLE/],
      [
        "unknown mark",
        () => ({ ...cleanTableAnswer(), marks: cleanTableAnswer().marks.map(() => "gone") }),
        /TABLE/,
      ],
    ],
  },
];

describe("saving every task kind", () => {
  it.each(cases)(
    "accepts a good $kind document and refuses bad ones, keeping the good one",
    async ({ kind, good, bad }) => {
      const item = firstItem(kind);
      const ok = await save(item.id, good());
      expect(ok.status, ok.text).toBe(200);
      expect(await stored(item.id)).toEqual({ data: good(), filled: true });
      for (const [what, doc, message] of bad) {
        const res = await save(item.id, doc());
        expect(res.status, what).toBe(400);
        expect(res.body.error?.code, what).toBe("VALIDATION_FAILED");
        expect(`${res.body.error?.message} ${JSON.stringify(res.body.error?.details)}`, what).toMatch(
          message,
        );
        expect(await stored(item.id), what).toEqual({ data: good(), filled: true });
      }
    },
  );

  it("counts an empty document as saved but not done", async () => {
    const item = taskOf("TRANSCRIPTION").items[1];
    if (!item) throw new Error("no second item");
    expect((await save(item.id, { text: "   " })).status).toBe(200);
    expect(await stored(item.id)).toEqual({ data: { text: "   " }, filled: false });
  });
});

describe("scoring a paper of every kind", () => {
  it("writes a task score per kind, full marks where the answer is the truth", async () => {
    // Every first item gets its truth (BOXES included); second items stay as they are.
    const boxItem = firstItem("BOXES");
    expect((await save(boxItem.id, truthOf("BOXES"))).status).toBe(200);
    for (const kind of ["IMAGE_CLASSIFICATION", "TEXT_CLASSIFICATION"] as const)
      expect((await save(firstItem(kind).id, truthOf(kind))).status).toBe(200);
    const submit = await c.post(`/api/attempts/${attemptId}/submit`);
    expect(submit.status).toBe(200);
    let status = "";
    for (let i = 0; i < 200 && status !== "SCORED"; i++) {
      status = (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status;
      if (status !== "SCORED") await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe("SCORED");
    const version = await stack.db.scoreVersion.findFirstOrThrow({
      where: { attemptId, current: true },
      include: { taskScores: true },
    });
    const byKind = new Map(
      version.taskScores.map((ts) => [
        view.paper.sections.flatMap((s) => s.tasks).find((t) => t.id === ts.taskId)?.kind,
        (ts.items as { score: number }[]).map((i) => i.score),
      ]),
    );
    for (const kind of TASK_KINDS) {
      const scores = byKind.get(kind);
      expect(scores, kind).toHaveLength(kind === "TABLE" ? 1 : 2);
      expect(scores?.[0], kind).toBe(1);
    }
    // Second items: nothing saved scores 0, except a table, which counts as given (partly clean).
    expect(byKind.get("POLYGONS")?.[1]).toBe(0);
    expect(byKind.get("TRANSCRIPTION")?.[1]).toBe(0);
  });
});
