// Dataset import of texts, audio and tables: JSONL spans and labels (code points, Chinese and
// emoji), CoNLL/BIO from the CoNLL-2000 sample, transcripts with WAV lengths read from the header,
// truth/dirty table pairs — each read with full credit from the task's scorer, and each malformed
// record refused by name.
import { describe, expect, it } from "vitest";
import { makeWav } from "../../prisma/seed/audio.ts";
import { MAX_ITEMS_PER_TASK } from "../../protocol/authoring.ts";
import { toConll } from "./conll.ts";
import { parseCsv, toCsv } from "./csv.ts";
import {
  expectFullCredit,
  fixtureBytes,
  label,
  png,
  read,
  refusals,
  target,
  truthAt,
  utf8,
} from "./import-test-helpers.ts";
import { toTextJsonl } from "./jsonl.ts";

const NER = [label("PER"), label("LOC"), label("ORG")];
const spansOf = (r: Awaited<ReturnType<typeof read>>, i = 0) =>
  truthAt<{ spans: { id: string; start: number; end: number; label: string }[] }>(r, i).spans.map(
    ({ id: _id, ...s }) => s,
  );

describe("JSONL texts", () => {
  const items = [
    {
      id: "zh-1",
      text: "张伟去年从北京来到深圳，加入了华为技术有限公司。",
      spans: [
        { start: 0, end: 2, label: "PER" },
        { start: 5, end: 7, label: "LOC" },
        { start: 15, end: 23, label: "ORG" },
      ],
    },
    {
      id: "emoji-2",
      text: "🙂🙂 Alice met 李娜 in 🇨🇳 Beijing.",
      spans: [
        { start: 3, end: 8, label: "PER" },
        { start: 13, end: 15, label: "PER" },
        // After a flag (two code points) and a space: code points, not UTF-16 units.
        { start: 22, end: 29, label: "LOC" },
      ],
    },
  ];

  it("reads spans in code points, Chinese and emoji alike, with full credit (round trip)", async () => {
    const t = target("TEXT_SPANS", { labels: NER, addLabels: false });
    const r = await read("jsonl", { "ner.jsonl": utf8(toTextJsonl(items)) }, t);
    expect(refusals(r)).toBe("");
    expect(r.items.map((i) => i.sourceName)).toEqual(["zh-1", "emoji-2"]);
    expect(spansOf(r, 0)).toEqual(items[0]?.spans);
    expect(spansOf(r, 1)).toEqual(items[1]?.spans);
    const chars = Array.from(items[1]?.text ?? "");
    expect(chars.slice(22, 29).join("")).toBe("Beijing");
    expect(r.items[1]?.payload).toEqual({ text: items[1]?.text });
    expectFullCredit("TEXT_SPANS", {}, r);
  });

  it("refuses UTF-16 offsets by the span's text, spans past the end, and overlap when not allowed", async () => {
    const t = target("TEXT_SPANS", { labels: NER, addLabels: false });
    const utf16 = JSON.stringify({
      id: "a",
      text: "🙂李娜",
      spans: [{ start: 2, end: 4, label: "PER", text: "李娜" }],
    });
    const r1 = await read("jsonl", { "a.jsonl": utf8(`${utf16}\n`) }, t);
    expect(refusals(r1)).toContain(
      'spans[0]: covers "娜" but says "李娜" (its offsets count UTF-16 units; give code points)',
    );
    const past = JSON.stringify({ id: "b", text: "北京", spans: [{ start: 0, end: 3, label: "LOC" }] });
    expect(refusals(await read("jsonl", { "b.jsonl": utf8(past) }, t))).toContain(
      "spans[0]: span [0, 3) runs past the text's 2 characters",
    );
    const nested = JSON.stringify({
      id: "c",
      text: "北京大学",
      spans: [
        { start: 0, end: 4, label: "ORG" },
        { start: 0, end: 2, label: "LOC" },
      ],
    });
    expect(refusals(await read("jsonl", { "c.jsonl": utf8(nested) }, t))).toContain(
      "spans [0, 2) and [0, 4) overlap, which the task does not allow",
    );
    const allowed = await read(
      "jsonl",
      { "c.jsonl": utf8(nested) },
      { ...t, settings: { allowOverlap: true } },
    );
    expect(refusals(allowed)).toBe("");
    expectFullCredit("TEXT_SPANS", { allowOverlap: true }, allowed);
  });

  it("refuses bad UTF-8, NUL, a lone surrogate, repeated ids and unknown labels by name", async () => {
    const t = target("TEXT_SPANS", { labels: NER, addLabels: false });
    const badBytes = new Uint8Array([...utf8('{"id":"x","text":"'), 0xc3, 0x28, ...utf8('"}\n')]);
    expect(refusals(await read("jsonl", { "x.jsonl": badBytes }, t))).toContain(
      "x.jsonl: is not valid UTF-8 text",
    );
    const nul = await read("jsonl", { "n.jsonl": utf8('{"id":"n","text":"a\\u0000b"}\n') }, t);
    expect(refusals(nul)).toContain("its text contains a NUL character");
    const lone = await read("jsonl", { "s.jsonl": utf8('{"id":"s","text":"a\\ud800b"}\n') }, t);
    expect(refusals(lone)).toContain("its text contains a lone surrogate");
    const twice = utf8(
      `${JSON.stringify({ id: "d", text: "一" })}\n${JSON.stringify({ id: "d", text: "二" })}\n`,
    );
    expect(refusals(await read("jsonl", { "d.jsonl": twice }, t))).toContain(
      "d.jsonl:2: repeats the id d (first at d.jsonl:1)",
    );
    const unknown = JSON.stringify({ id: "u", text: "上海", spans: [{ start: 0, end: 2, label: "CITY" }] });
    const r = await read("jsonl", { "u.jsonl": utf8(unknown) }, t);
    expect(refusals(r)).toContain('spans[0]: names the label "CITY", which the task does not have');
    expect(r.items).toEqual([]);
    const notJson = await read("jsonl", { "j.jsonl": utf8("{nope\n") }, t);
    expect(refusals(notJson)).toContain("j.jsonl:1: is not JSON");
  });

  it("reads text classification, one label unless the task is multi-label", async () => {
    const labels = [label("positive"), label("negative")];
    const lines = toTextJsonl([
      { id: "1", text: "这家餐厅的菜很好吃。", labels: ["positive"] },
      { id: "2", text: "The parcel arrived late 📦.", labels: ["negative"] },
    ]);
    const r = await read("jsonl", { "s.jsonl": utf8(lines) }, target("TEXT_CLASSIFICATION", { labels }));
    expect(refusals(r)).toBe("");
    expect(truthAt(r, 1)).toEqual({ labels: ["negative"] });
    expectFullCredit("TEXT_CLASSIFICATION", {}, r);
    const two = toTextJsonl([{ id: "3", text: "ok", labels: ["positive", "negative"] }]);
    expect(
      refusals(await read("jsonl", { "t.jsonl": utf8(two) }, target("TEXT_CLASSIFICATION", { labels }))),
    ).toContain("has 2 labels but the task takes one");
    const none = await read(
      "jsonl",
      { "t.jsonl": utf8('{"id":"4","text":"ok"}\n') },
      target("TEXT_CLASSIFICATION", { labels }),
    );
    expect(refusals(none)).toContain("has no label");
  });

  it("reads image classification lines naming their image", async () => {
    const lines = `${JSON.stringify({ image: "imgs/a.png", labels: ["day", "rain"] })}\n${JSON.stringify({ image: "imgs/b.png", label: "night" })}\n`;
    const files = {
      "labels.jsonl": utf8(lines),
      "imgs/a.png": await png(40, 30),
      "imgs/b.png": await png(40, 30),
    };
    const settings = { multiLabel: true };
    const r = await read("jsonl", files, target("IMAGE_CLASSIFICATION", { settings }));
    expect(refusals(r)).toBe("");
    expect(r.items[0]?.payload).toEqual({ width: 40, height: 30 });
    expectFullCredit("IMAGE_CLASSIFICATION", settings, r);
    const missing = await read(
      "jsonl",
      { "labels.jsonl": utf8(lines) },
      target("IMAGE_CLASSIFICATION", { settings }),
    );
    expect(refusals(missing)).toContain("the image names the file imgs/a.png, which is not in the upload");
  });

  it(`refuses more than ${MAX_ITEMS_PER_TASK} items`, async () => {
    const many = Array.from({ length: MAX_ITEMS_PER_TASK + 1 }, (_, i) =>
      JSON.stringify({ id: `t${i}`, text: "好", label: "positive" }),
    );
    const r = await read("jsonl", { "m.jsonl": utf8(many.join("\n")) }, target("TEXT_CLASSIFICATION"));
    expect(r.ok).toBe(false);
    expect(r.items).toEqual([]);
    expect(refusals(r)).toContain(
      `holds ${MAX_ITEMS_PER_TASK + 1} items, more than the ${MAX_ITEMS_PER_TASK}`,
    );
  });
});

describe("CoNLL / BIO", () => {
  it("reads the CoNLL-2000 sample: tokens joined by a space, chunks as spans, with full credit", async () => {
    const r = await read(
      "conll",
      { "train.txt": fixtureBytes("conll2000-seqeval-ground_truth-3sent.txt") },
      target("TEXT_SPANS"),
    );
    expect(refusals(r)).toBe("");
    expect(r.items).toHaveLength(3);
    const text = String((r.items[0]?.payload as { text?: string } | undefined)?.text);
    expect(text.startsWith("Rockwell International Corp. 's Tulsa unit said it signed")).toBe(true);
    const spans = spansOf(r);
    const chars = Array.from(text);
    const ids = new Map(r.labelsAdded.map((l) => [l.id, l.name]));
    expect(spans.slice(0, 3).map((s) => [chars.slice(s.start, s.end).join(""), ids.get(s.label)])).toEqual([
      ["Rockwell International Corp.", "NP"],
      ["'s Tulsa unit", "NP"],
      ["said", "VP"],
    ]);
    expectFullCredit("TEXT_SPANS", {}, r);
  });

  it("reads IOB1 and BIOES the same way, and Chinese character-level CoNLL with no spaces", async () => {
    const iob1 = "John I-PER\nSmith I-PER\nB-PER B-PER\nvisited O\nNew I-LOC\nYork I-LOC\n";
    const r = await read("conll", { "a.conll": utf8(iob1) }, target("TEXT_SPANS"));
    expect(refusals(r)).toBe("");
    const ids = new Map(r.labelsAdded.map((l) => [l.id, l.name]));
    expect(spansOf(r).map((s) => ({ ...s, label: ids.get(s.label) }))).toEqual([
      { start: 0, end: 10, label: "PER" },
      { start: 11, end: 16, label: "PER" },
      { start: 25, end: 33, label: "LOC" },
    ]);
    const zh = "张\tB-PER\n伟\tI-PER\n在\tO\n北\tS-LOC\n京\tS-LOC\n😀\tO\n";
    const z = await read(
      "conll",
      { "zh.bio": utf8(zh) },
      target("TEXT_SPANS", { labels: NER, addLabels: false }),
    );
    expect(refusals(z)).toBe("");
    expect(z.items[0]?.payload).toEqual({ text: "张伟在北京😀" });
    expect(spansOf(z)).toEqual([
      { start: 0, end: 2, label: "PER" },
      { start: 3, end: 4, label: "LOC" },
      { start: 4, end: 5, label: "LOC" },
    ]);
  });

  it("round-trips toConll (IOB2), and refuses a tag it cannot read by line", async () => {
    const text = "李娜在上海交通大学读书";
    const spans = [
      { start: 0, end: 2, label: "PER" },
      { start: 3, end: 9, label: "ORG" },
    ];
    const r = await read(
      "conll",
      { "a.conll": utf8(toConll(text, spans)) },
      target("TEXT_SPANS", { labels: NER }),
    );
    expect(refusals(r)).toBe("");
    expect(r.items[0]?.payload).toEqual({ text });
    expect(spansOf(r)).toEqual(spans);
    const en = "Alice Chen met Li Na at Tsinghua University";
    const enSpans = [
      { start: 0, end: 10, label: "PER" },
      { start: 15, end: 20, label: "PER" },
      { start: 24, end: 43, label: "ORG" },
    ];
    const e = await read(
      "conll",
      { "b.conll": utf8(toConll(en, enSpans)) },
      target("TEXT_SPANS", { labels: NER }),
    );
    expect(spansOf(e)).toEqual(enSpans);
    const bad = await read("conll", { "c.conll": utf8("Paris X-LOC\n") }, target("TEXT_SPANS"));
    expect(refusals(bad)).toContain('line 1: tag "X-LOC" is not O or B-, I-, E-, S-, L-, U- and a type');
  });
});

describe("transcripts", () => {
  it("reads a CSV of WAV clips, the length from each WAV header, with full credit", async () => {
    const a = makeWav("305");
    const b = makeWav("12");
    const csv = toCsv([
      ["file", "transcript"],
      ["clips/a.wav", "305"],
      ["clips/b.wav", '一二, said "twice"'],
    ]);
    const files = {
      "t.csv": utf8(csv),
      "clips/a.wav": new Uint8Array(a.body),
      "clips/b.wav": new Uint8Array(b.body),
    };
    const r = await read("transcripts-csv", files, target("TRANSCRIPTION"));
    expect(refusals(r)).toBe("");
    expect(r.items.map((i) => i.payload)).toEqual([
      { durationMs: a.durationMs },
      { durationMs: b.durationMs },
    ]);
    expect(truthAt(r, 1)).toEqual({ text: '一二, said "twice"' });
    expect(r.items[0]?.media?.type).toBe("audio/wav");
    expectFullCredit("TRANSCRIPTION", {}, r);
  });

  it("reads a Hugging Face audiofolder metadata.csv (file_name, transcription)", async () => {
    const wav = makeWav("7");
    const csv = "file_name,transcription\ndata/test/a.wav,七\n";
    const r = await read(
      "transcripts-csv",
      { "metadata.csv": utf8(csv), "data/test/a.wav": new Uint8Array(wav.body) },
      target("TRANSCRIPTION"),
    );
    expect(refusals(r)).toBe("");
    expect(r.items[0]?.payload).toEqual({ durationMs: wav.durationMs });
    expect(truthAt(r)).toEqual({ text: "七" });
  });

  it("reads JSON Lines with durationMs given, and refuses an MP3 without one", async () => {
    const mp3 = new Uint8Array([...utf8("ID3"), 4, 0, 0, 0, 0, 0, 0, ...new Array(64).fill(0)]);
    const lines = `${JSON.stringify({ file: "a.mp3", transcript: "你好", durationMs: 1500 })}\n`;
    const r = await read(
      "transcripts-jsonl",
      { "t.jsonl": utf8(lines), "a.mp3": mp3 },
      target("TRANSCRIPTION"),
    );
    expect(refusals(r)).toBe("");
    expect(r.items[0]?.payload).toEqual({ durationMs: 1500 });
    expect(r.items[0]?.media?.type).toBe("audio/mpeg");
    const noLength = `${JSON.stringify({ file: "a.mp3", transcript: "你好" })}\n`;
    const bad = await read(
      "transcripts-jsonl",
      { "t.jsonl": utf8(noLength), "a.mp3": mp3 },
      target("TRANSCRIPTION"),
    );
    expect(refusals(bad)).toContain("a.mp3: give its durationMs");
  });

  it("refuses a missing clip, a clip that is not audio and a bad header by name; an unused clip is skipped", async () => {
    const wav = new Uint8Array(makeWav("1").body);
    const csv = toCsv([
      ["file", "transcript", "durationMs"],
      ["gone.wav", "1", ""],
      ["page.wav", "2", "1000"],
      ["ok.wav", "3", "-5"],
    ]);
    const r = await read(
      "transcripts-csv",
      { "t.csv": utf8(csv), "page.wav": utf8("<html></html>"), "ok.wav": wav, "spare.wav": wav },
      target("TRANSCRIPTION"),
    );
    const text = refusals(r);
    expect(text).toContain("t.csv:2: the audio names the file gone.wav, which is not in the upload");
    expect(text).toContain("t.csv:3: page.wav is not a WAV, MP3 or Ogg audio file");
    expect(text).toContain('t.csv:4: has durationMs "-5", not a positive whole number');
    expect(r.rows).toContainEqual({
      where: "spare.wav",
      outcome: "skipped",
      problems: ["is referenced by no annotation, so it is not imported"],
    });
    const header = await read(
      "transcripts-csv",
      { "t.csv": utf8("name,words\na.wav,x\n") },
      target("TRANSCRIPTION"),
    );
    expect(refusals(header)).toContain("has no header naming the columns file and transcript");
  });
});

describe("CSV", () => {
  it("reads quoted commas, quotes and line breaks, and refuses a quote left open", () => {
    expect(parseCsv('a,b\r\n"x, ""y""","line\nbreak"\n\n')).toEqual({
      rows: [
        ["a", "b"],
        ['x, "y"', "line\nbreak"],
      ],
    });
    expect(parseCsv('a,"b\n')).toEqual({ problem: "line 1: a quoted field never ends" });
    const rows = [["城市", 'say "hi"', "a,b"]];
    expect(parseCsv(toCsv(rows))).toEqual({ rows });
  });
});

describe("tables", () => {
  const header = ["id", "name", "city"];
  const clean = [
    ["1", "王磊", "北京"],
    ["2", "陈静", "北京"],
  ];
  const dirty = [
    ["1", "王磊", "北京"],
    ["2", "陈静", ""],
    ["2", "陈静", ""],
  ];

  it("reads a truth/dirty pair into the dirty payload and the clean truth, with full credit", async () => {
    const files = {
      "people.truth.csv": utf8(toCsv([header, ...clean])),
      "people.dirty.csv": utf8(toCsv([header, ...dirty])),
    };
    const settings = { key: "id" };
    const r = await read("table-csv", files, target("TABLE", { settings }));
    expect(refusals(r)).toBe("");
    expect(r.items[0]?.payload).toEqual({ header, rows: dirty });
    expect(truthAt(r)).toEqual({ header, rows: clean });
    expect(r.items[0]?.sourceName).toBe("people");
    expectFullCredit("TABLE", settings, r);
  });

  it("refuses different headers, a ragged row, a missing half, an unknown key column and bad names", async () => {
    const r = await read(
      "table-csv",
      {
        "a.truth.csv": utf8(toCsv([header, ...clean])),
        "a.dirty.csv": utf8(toCsv([["id", "name", "town"], ...dirty])),
        "b.truth.csv": utf8(toCsv([header, ["1", "x"]])),
        "b.dirty.csv": utf8(toCsv([header, ...dirty])),
        "c.truth.csv": utf8(toCsv([header, ...clean])),
        "notes.csv": utf8("a,b\n"),
      },
      target("TABLE", { settings: { key: "code" } }),
    );
    const text = refusals(r);
    expect(text).toContain("the headers differ: id,name,city (truth) and id,name,town (dirty)");
    expect(text).toContain("b.truth.csv:2 has 2 cells; the header has 3");
    expect(text).toContain("has no c.dirty.csv beside c.truth.csv");
    expect(text).toContain('has no column "code", the task\'s key column');
    expect(text).toContain("notes.csv: is not named <name>.truth.csv or <name>.dirty.csv");
    expect(r.items).toEqual([]);
  });
});
