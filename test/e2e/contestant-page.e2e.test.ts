// End to end in Chromium: the contestant's page without surprises (issue 12). The canvas keeps its
// box when each tool of each image kind starts (zh and en, 1024 px wide); a reload keeps the place
// in the paper; Ctrl+A and the scrolling keys on the canvas leave the page alone; thumbnails and
// shape names are never cut without a tooltip; and the page reacts to a proctor's pause, resume,
// lock, extension and message, the message's acknowledgement reaching the proctor.
import type { Browser, Page } from "playwright-core";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import type { Ack } from "../../protocol/index.ts";
import {
  assertClientBuilt,
  launchBrowser,
  screenshot,
  signIn,
  startFirstAttempt,
} from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

// Paper order: two questions, then the tasks in this order (task positions 1…5).
const BOXES = 1;
const POLYGONS = 2;
const POINTS = 3;
const KEYPOINTS = 4;
// Task 5: a text-spans task of three items (text thumbnails in the navigation).

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, {
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] },
      demoTask("POLYGONS", 2),
      demoTask("POINTS", 1),
      demoTask("KEYPOINTS", 1),
      demoTask("TEXT_SPANS", 3),
    ],
    contestants: 6,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function startExam(ticket: string, lang: "zh-CN" | "en", height = 768, width = 1024): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  await ctx.addInitScript((l) => window.localStorage.setItem("labelarena.language", l), lang);
  const page = await ctx.newPage();
  await startFirstAttempt(page, stack.baseUrl, ticket, PASSWORD);
  return page;
}

type Box = { x: number; y: number; width: number; height: number };

async function frameBox(page: Page): Promise<Box> {
  const box = await page.locator(".exam-main .canvas-frame").boundingBox();
  if (!box) throw new Error("no canvas frame");
  return box;
}

async function openItem(page: Page, task: number, item: number): Promise<void> {
  await page.getByTestId(`nav-item-${task}-${item}`).click();
  await page.getByTestId("canvas-stage").waitFor();
  await expect.poll(() => page.locator(".canvas-note").count()).toBe(0);
}

/** A point of the canvas frame, as fractions of its box. */
async function at(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const b = await frameBox(page);
  return { x: b.x + b.width * fx, y: b.y + b.height * fy };
}

/** Checks that the canvas frame is where and as large as it was, after each step of a tool. */
async function expectSteady(page: Page, before: Box, step: string): Promise<void> {
  const now = await frameBox(page);
  expect({ step, ...now }).toEqual({ step, ...before });
}

describe.each([
  ["zh-CN", 1024, "T-001"],
  ["en", 1024, "T-002"],
  ["en", 1440, "T-005"],
] as const)("a fixed toolbar layout (%s, %i px)", (lang, width, ticket) => {
  let page: Page;
  beforeAll(async () => {
    page = await startExam(ticket, lang, 768, width);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("boxes: the canvas does not move while a box is drawn and once it is selected", async () => {
    await openItem(page, BOXES, 1);
    const before = await frameBox(page);
    const a = await at(page, 0.3, 0.3);
    const b = await at(page, 0.5, 0.55);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 });
    await expectSteady(page, before, "box: drawing");
    await page.mouse.move(b.x, b.y, { steps: 3 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId("box-count").textContent()).toBe("1");
    await page.getByTestId("selected-label").waitFor();
    await expectSteady(page, before, "box: drawn and selected");
  });

  it("polygons: nothing moves when a polygon starts, grows, closes and is selected", async () => {
    await openItem(page, POLYGONS, 1);
    const before = await frameBox(page);
    const p1 = await at(page, 0.2, 0.2);
    await page.mouse.click(p1.x, p1.y);
    await page.getByTestId("polygon-progress").waitFor();
    await expectSteady(page, before, "polygon: first vertex");
    for (const [x, y] of [
      [0.45, 0.2],
      [0.45, 0.5],
    ] as const) {
      const p = await at(page, x, y);
      await page.mouse.click(p.x, p.y);
    }
    await expectSteady(page, before, "polygon: three vertices");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("shape-count").textContent()).toBe("1");
    await page.getByTestId("selected-label").waitFor();
    await expectSteady(page, before, "polygon: closed and selected");
    // Started from the button too (N), then abandoned with Esc.
    await page.keyboard.press("Escape");
    await page.getByTestId("tool-polygon").click();
    await page.getByTestId("polygon-progress").waitFor();
    await expectSteady(page, before, "polygon: started by the button");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("polygon-progress").count()).toBe(0);
    await expectSteady(page, before, "polygon: abandoned");
  });

  it("points: nothing moves when a point is placed and selected", async () => {
    await openItem(page, POINTS, 1);
    const before = await frameBox(page);
    const p = await at(page, 0.4, 0.4);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.getByTestId("shape-count").textContent()).toBe("1");
    await expectSteady(page, before, "point: placed");
  });

  it("keypoints: nothing moves when a skeleton starts, while it is placed, and once finished", async () => {
    await openItem(page, KEYPOINTS, 1);
    const before = await frameBox(page);
    await page.getByTestId("tool-keypoints").click();
    await page.getByTestId("next-keypoint").waitFor();
    await page.getByTestId("finish-instance").waitFor();
    await expectSteady(page, before, "skeleton: started");
    for (const [x, y] of [
      [0.5, 0.2],
      [0.5, 0.35],
    ] as const) {
      const p = await at(page, x, y);
      await page.mouse.click(p.x, p.y);
    }
    await expectSteady(page, before, "skeleton: two keypoints");
    await page.getByTestId("finish-instance").click();
    await expect.poll(() => page.getByTestId("shape-count").textContent()).toBe("1");
    await expectSteady(page, before, "skeleton: finished");
    await screenshot(page, `contestant-keypoints-${lang}-${width}`);
  });

  it("the two image toolbars keep one line of the same height on every kind", async () => {
    const heights = new Set<number>();
    for (const task of [BOXES, POLYGONS, POINTS, KEYPOINTS]) {
      await openItem(page, task, 1);
      for (const id of ["image-toolbar", "shapes-toolbar"]) {
        const box = await page.getByTestId(id).boundingBox();
        heights.add(Math.round(box?.height ?? 0));
      }
    }
    expect([...heights]).toEqual([48]);
  });
});

describe("the place in the paper, the keys and the names", () => {
  let page: Page;
  beforeAll(async () => {
    page = await startExam("T-003", "en", 480);
  });

  it("a reload comes back to the item, and to the question, on screen before", async () => {
    await openItem(page, POLYGONS, 2);
    await page.reload();
    await page.getByTestId("exam").waitFor();
    await page.getByTestId("canvas-stage").waitFor();
    expect(await page.getByTestId(`nav-item-${POLYGONS}-2`).getAttribute("aria-current")).toBe("step");
    expect(await page.getByTestId("item-position").textContent()).toContain("2");

    await page.getByTestId("nav-question-2").click();
    await page.getByTestId("question-2").waitFor();
    await page.reload();
    await page.getByTestId("exam").waitFor();
    await page.getByTestId("question-2").waitFor();
    expect(await page.getByTestId("nav-question-2").getAttribute("aria-current")).toBe("step");
  });

  it("the place is the tab's: a new tab starts at the first question", async () => {
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.getByTestId("exam").waitFor();
    await other.getByTestId("question-1").waitFor();
    await other.close();
  });

  it("Ctrl+A and the scrolling keys on the canvas leave the page alone", async () => {
    await openItem(page, BOXES, 2);
    const main = page.locator(".exam-main");
    // The page is short enough that the item area scrolls: the keys would scroll it.
    expect(await main.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const p = await at(page, 0.05, 0.95);
    await page.mouse.click(p.x, p.y); // focus on the canvas, no shape there
    // What the browser would do with each key is decided by whether its default was prevented: a
    // window listener added now runs after the page's own and records that, key by key.
    await page.evaluate(() => {
      const seen: [string, boolean][] = [];
      (window as unknown as { seenKeys: typeof seen }).seenKeys = seen;
      window.addEventListener("keydown", (e) => seen.push([e.key, e.defaultPrevented]));
    });
    const scrollTop = await main.evaluate((el) => el.scrollTop);
    const keys = [
      "Control+a",
      "ArrowDown",
      "ArrowUp",
      "Space",
      "End",
      "Home",
      "Control+z",
      "Control+d",
      "Delete",
    ];
    for (const key of keys) await page.keyboard.press(key);
    const seen = await page.evaluate(() => (window as unknown as { seenKeys: [string, boolean][] }).seenKeys);
    expect(seen.filter(([k]) => k !== "Control")).toEqual(
      ["a", "ArrowDown", "ArrowUp", " ", "End", "Home", "z", "d", "Delete"].map((k) => [k, true]),
    );
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("");
    expect(await main.evaluate((el) => el.scrollTop)).toBe(scrollTop);
    // With shapes, Ctrl+A selects them all (and still not the page's text).
    for (const [a, b] of [
      [
        [0.1, 0.1],
        [0.3, 0.3],
      ],
      [
        [0.5, 0.5],
        [0.7, 0.7],
      ],
    ] as const) {
      const from = await at(page, a[0], a[1]);
      const to = await at(page, b[0], b[1]);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 4 });
      await page.mouse.up();
    }
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+a");
    await expect.poll(() => page.getByTestId("selection-count").textContent()).toContain("2");
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("");
  });

  it("text thumbnails and shape names are whole, or cut with a tooltip that reads them", async () => {
    /** Every element matching `selector` either fits or sits under a title that holds its text. */
    const clipped = (selector: string) =>
      page.evaluate((sel) => {
        const bad: string[] = [];
        const els = [...document.querySelectorAll<HTMLElement>(sel)];
        for (const el of els) {
          const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
          const title = el.closest<HTMLElement>("[title]")?.title ?? "";
          const text = (el.textContent ?? "").trim();
          if (overflows && !title.includes(text)) bad.push(text);
        }
        return { count: els.length, bad };
      }, selector);
    const thumbs = await clipped(".nav-thumb-text");
    expect(thumbs.count).toBe(3);
    expect(thumbs.bad).toEqual([]);
    // The text thumbnails carry the opening words, and the tooltip reads on.
    const title = await page.locator(".nav-thumb-text").first().getAttribute("title");
    expect(title?.length ?? 0).toBeGreaterThan(10);

    await openItem(page, KEYPOINTS, 1);
    await page.getByTestId("tool-keypoints").click();
    const p = await at(page, 0.5, 0.3);
    await page.mouse.click(p.x, p.y);
    await page.getByTestId("finish-instance").click();
    await expect.poll(() => page.getByTestId("shape-count").textContent()).toBe("1");
    for (const lang of ["en", "zh-CN"]) {
      if (lang === "zh-CN") {
        await page.getByTestId("lang-switch").click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
      }
      for (const sel of [".shape-row-label", ".shape-row-n", ".shape-count-name"]) {
        const r = await clipped(sel);
        expect(r.count, `${sel} (${lang})`).toBeGreaterThan(0);
        expect(r.bad, `${sel} (${lang})`).toEqual([]);
      }
      const names = await clipped(".nav-thumb-text");
      expect(names.bad).toEqual([]);
    }
    await screenshot(page, "contestant-names-zh");
  });
});

describe("a proctor's controls on the contestant's page", () => {
  let page: Page;
  let proctor: Socket;
  const attemptId = () => fx.contestants[3]?.attemptId ?? "";

  beforeAll(async () => {
    page = await startExam("T-004", "en");
    const client = new Client(stack.baseUrl);
    expect((await client.login(fx.proctor, PASSWORD)).status).toBe(200);
    proctor = client.socket("/proctor");
    await connected(proctor);
    const watch = await emitAck(proctor, "session:watch", { sessionId: fx.sessionId });
    expect(watch.error).toBeUndefined();
  });
  afterAll(() => {
    proctor?.close();
  });

  async function control(event: string, payload: Record<string, unknown>): Promise<Ack<unknown>> {
    const res = await emitAck(proctor, event, { attemptId: attemptId(), reason: "test reason", ...payload });
    expect(res.error, `${event}: ${JSON.stringify(res.error)}`).toBeUndefined();
    return res;
  }

  it("pause: an overlay, the clock frozen, nothing editable or saved; resume: all back", async () => {
    await page.getByTestId("nav-question-1").click();
    const option = page.locator('[data-testid^="option-"]').first();
    await control("attempt:pause", {});
    await page.getByTestId("exam-paused").waitFor();
    await expect.poll(() => page.locator(".exam-clock").getAttribute("data-paused")).toBe("true");
    expect(await option.isDisabled()).toBe(true);
    expect(await page.getByTestId("submit-exam").isDisabled()).toBe(true);
    const state = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId() } });
    expect(state.pausedAt).not.toBeNull();
    await screenshot(page, "contestant-paused");

    await control("attempt:resume", {});
    await page.getByTestId("exam-paused").waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("exam-notice").getAttribute("data-kind")).toBe("resumed");
    expect(await option.isDisabled()).toBe(false);
    await option.check();
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    // Nothing was saved while paused; the answer made after the resume is.
    const saved = await stack.db.answer.findMany({
      where: { attemptId: attemptId(), questionId: { not: null } },
    });
    expect(saved).toHaveLength(1);
  });

  it("a change made before a pause waits through it and is saved, whole, on the resume", async () => {
    await page.getByTestId("nav-question-2").click();
    await page.getByTestId("question-2").waitFor();
    const questionId = async () =>
      (await stack.db.answer.findMany({ where: { attemptId: attemptId(), questionId: { not: null } } })).map(
        (a) => a.questionId,
      );
    const before = await questionId();
    // Offline, the change stays pending on the page; the proctor pauses meanwhile.
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("offline");
    await page.locator('[data-testid^="option-"], [data-testid="tf-true"]').first().check();
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-pending")).toBe("1");
    await control("attempt:pause", {});
    await page.context().setOffline(false);
    // Back online: the page learns of the pause (and the server refuses the save while paused).
    await page.getByTestId("exam-paused").waitFor();
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-pending")).toBe("1");
    expect(await questionId()).toEqual(before);
    await control("attempt:resume", {});
    await page.getByTestId("exam-paused").waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    expect((await questionId()).length).toBe(before.length + 1);
  });

  it("extension: a notice with the minutes and the new end time, and the timer moves", async () => {
    const before = (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId() } })).deadlineAt;
    const main = await page.locator(".exam-main").boundingBox();
    await control("attempt:extend", { minutes: 15 });
    const notice = page.getByTestId("exam-notice");
    await expect.poll(() => notice.getAttribute("data-kind")).toBe("extended");
    // A toast over the page: what is under it does not move.
    expect(await page.locator(".exam-main").boundingBox()).toEqual(main);
    const after = (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId() } })).deadlineAt;
    expect((after?.getTime() ?? 0) - (before?.getTime() ?? 0)).toBe(15 * 60_000);
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain("15");
    const end = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(after ?? new Date());
    expect(text).toContain(end);
    await screenshot(page, "contestant-extended");
    await page.getByTestId("dismiss-notice").click();
    expect(await notice.count()).toBe(0);
  });

  it("lock: a blocking overlay; unlock: answering again", async () => {
    await control("attempt:lock", {});
    await page.getByTestId("exam-locked").waitFor();
    expect(await page.locator('[data-testid^="option-"]').first().isDisabled()).toBe(true);
    await screenshot(page, "contestant-locked");
    await control("attempt:unlock", {});
    await page.getByTestId("exam-locked").waitFor({ state: "detached" });
    expect(await page.locator('[data-testid^="option-"]').first().isDisabled()).toBe(false);
  });

  it("message: a dialog the contestant acknowledges, and the proctor receives the ack", async () => {
    const acked = nextEvent<{ messageId: string; attemptId: string }>(
      proctor,
      "message:acked",
      (e) => e.attemptId === attemptId(),
    );
    const sent = await emitAck<{ message: { id: string } }>(proctor, "message:send", {
      sessionId: fx.sessionId,
      attemptId: attemptId(),
      text: "请举手 Please raise your hand",
    });
    expect(sent.error).toBeUndefined();
    const dialog = page.getByTestId("proctor-message");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Please raise your hand");
    await screenshot(page, "contestant-message");
    await page.getByTestId("ack-message").click();
    await dialog.waitFor({ state: "detached" });
    const e = await acked;
    expect(e.messageId).toBe(sent.data?.message.id);
    expect(await stack.db.messageAck.count({ where: { attemptId: attemptId() } })).toBe(1);
  });
});

describe("the lobby", () => {
  it("shows unambiguous dates and tells the proctors the contestant is in the lobby", async () => {
    const [lobbyTicket, lobbyAttempt] = ["T-006", fx.contestants[5]?.attemptId ?? ""];
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await ctx.newPage();
    await signIn(page, stack.baseUrl, lobbyTicket, PASSWORD);
    await page.getByTestId("lobby").waitFor();
    const session = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    const zh = new Intl.DateTimeFormat("zh-CN", {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(session.startsAt);
    expect(await page.getByTestId("starts-at").textContent()).toBe(zh);
    expect(zh).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
    await page.getByTestId("lang-switch").click();
    await expect
      .poll(() => page.getByTestId("starts-at").textContent())
      .toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);

    const client = new Client(stack.baseUrl);
    expect((await client.login(fx.proctor, PASSWORD)).status).toBe(200);
    const proctor = client.socket("/proctor");
    await connected(proctor);
    try {
      await expect
        .poll(async () => {
          const roster = await emitAck<{ entries: { attemptId: string; presence?: string }[] }>(
            proctor,
            "session:watch",
            { sessionId: fx.sessionId },
          );
          return roster.data?.entries.find((e) => e.attemptId === lobbyAttempt)?.presence;
        })
        .toBe("lobby");
    } finally {
      proctor.close();
      await ctx.close();
    }
  });
});
