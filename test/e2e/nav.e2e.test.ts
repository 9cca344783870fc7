// End to end in Chromium: the navigation strip (thumbnails that really load, next / previous keys
// across questions and tasks, flags that survive a reload, done marks and progress) and image
// classification (by click and by number key, single and multi-label, undo / redo). The proof of
// the classification is what PostgreSQL holds for each item.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { demoTask, type TaskSpec } from "../../prisma/seed/tasks.ts";
import {
  assertClientBuilt,
  launchBrowser,
  screenshot,
  startFirstAttempt,
  waitSaved,
} from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

/** The demo classification task is multi-label; this one takes one label per image. */
const singleLabel: TaskSpec = {
  ...demoTask("IMAGE_CLASSIFICATION", 2),
  title: "单选图像分类 Single-label classification",
  settings: { multiLabel: false },
};

// Paper order: questions q1, q2; boxes b1, b2; multi-label m1..m3; single-label s1, s2; text t1.
const BOXES = 0;
const MULTI = 1;
const SINGLE = 2;
const TEXT = 3;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, {
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] },
      demoTask("IMAGE_CLASSIFICATION", 3),
      singleLabel,
      demoTask("TEXT_CLASSIFICATION", 1),
    ],
    contestants: 3,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The items of the fixture's `task`-th task (0-based, paper order). */
function itemsOf(task: number): ExamFixture["items"] {
  const taskIds = [...new Set(fx.items.map((i) => i.taskId))];
  return fx.items.filter((i) => i.taskId === taskIds[task]);
}

function itemId(task: number, n: number): string {
  const id = itemsOf(task)[n]?.id;
  if (!id) throw new Error(`no item ${n} in task ${task}`);
  return id;
}

async function startExam(ticket: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  await startFirstAttempt(page, stack.baseUrl, ticket, PASSWORD);
  return page;
}

/** The target the navigation marks as current: "question:<id>" or "item:<id>". */
function currentTarget(page: Page): Promise<string | null> {
  return page.locator('.exam-nav [aria-current="step"]').getAttribute("data-target");
}

async function savedDoc(ticketIndex: number, item: string): Promise<unknown> {
  const attemptId = fx.contestants[ticketIndex]?.attemptId ?? "";
  const row = await stack.db.answer.findFirst({ where: { attemptId, itemId: item } });
  return row?.data ?? null;
}

describe("navigation", () => {
  it("shows thumbnails, moves with keys and buttons, keeps flags over a reload, marks done items", async () => {
    const page = await startExam("T-001");
    const [q1, q2] = fx.questions.map((q) => `question:${q.id}`);
    const b1 = itemId(BOXES, 0);
    const b2 = itemId(BOXES, 1);
    const m1 = itemId(MULTI, 0);
    const t1 = itemId(TEXT, 0);

    // Thumbnails: an image item shows its image, really loaded; a text item the start of its text.
    const thumb = page.getByTestId(`nav-item-${m1}`).locator("img");
    await thumb.scrollIntoViewIfNeeded();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId(`nav-item-${b1}`).locator("img").getAttribute("loading")).toBe("lazy");
    const text = await page.getByTestId(`nav-item-${t1}`).locator(".nav-thumb-text").textContent();
    expect(text?.length).toBeGreaterThan(0);
    expect(await page.getByTestId("nav-progress").getAttribute("data-total")).toBe("10");

    // Alt+→ / PageDown go forward across the questions into the first task; the canvas keeps its keys.
    await expect.poll(() => currentTarget(page)).toBe(q1);
    await page.keyboard.press("Alt+ArrowRight");
    await expect.poll(() => currentTarget(page)).toBe(q2);
    await page.keyboard.press("PageDown");
    await expect.poll(() => currentTarget(page)).toBe(`item:${b1}`);
    await page.getByTestId("canvas-stage").waitFor();
    await page.keyboard.press("Alt+ArrowRight");
    await expect.poll(() => currentTarget(page)).toBe(`item:${b2}`);
    await page.keyboard.press("Alt+ArrowRight");
    await expect.poll(() => currentTarget(page)).toBe(`item:${m1}`);
    await page.getByTestId("classify-workspace").waitFor();
    await page.keyboard.press("Alt+ArrowLeft");
    await page.keyboard.press("PageUp");
    await expect.poll(() => currentTarget(page)).toBe(`item:${b1}`);
    await page.getByTestId("nav-prev").click();
    await expect.poll(() => currentTarget(page)).toBe(q2);
    await page.getByTestId("nav-next").click();
    await expect.poll(() => currentTarget(page)).toBe(`item:${b1}`);
    // The browser did not go back in its history on Alt+←.
    expect(page.url()).toContain("/exam");

    // Keys typed into a text field are not navigation.
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.id = "probe";
      document.body.append(input);
      input.focus();
    });
    await page.keyboard.press("Alt+ArrowRight");
    await page.keyboard.press("PageDown");
    await expect.poll(() => currentTarget(page)).toBe(`item:${b1}`);
    await page.evaluate(() => document.getElementById("probe")?.remove());
    await page.keyboard.press("Alt+ArrowRight"); // out of the field, the same key moves again
    await expect.poll(() => currentTarget(page)).toBe(`item:${b2}`);
    await page.getByTestId("nav-item-1-1").click(); // the old testid still works
    await expect.poll(() => currentTarget(page)).toBe(`item:${b1}`);

    // Flags: the button on a box item, Ctrl+Shift+F on a question; both marks survive a reload.
    await page.getByTestId("nav-flag").click();
    await expect.poll(() => page.getByTestId(`nav-item-${b1}`).getAttribute("data-flagged")).toBe("true");
    expect(await page.getByTestId("nav-flag").getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("nav-question-2").click();
    await page.keyboard.press("Control+Shift+F");
    await expect.poll(() => page.getByTestId("nav-question-2").getAttribute("data-flagged")).toBe("true");
    expect(await page.getByTestId(`nav-item-${b2}`).getAttribute("data-flagged")).toBe("false");
    await screenshot(page, "nav-01-flags");
    await page.reload();
    await page.getByTestId("exam").waitFor();
    await page.getByTestId(`nav-item-${b1}`).waitFor();
    expect(await page.getByTestId(`nav-item-${b1}`).getAttribute("data-flagged")).toBe("true");
    await expect(page.getByTestId(`nav-item-${b1}`).getByTestId("nav-flag-mark").isVisible()).resolves.toBe(
      true,
    );
    expect(await page.getByTestId("nav-question-2").getAttribute("data-flagged")).toBe("true");
    // Unflag by key on the question.
    await page.getByTestId("nav-question-2").click();
    await page.keyboard.press("Control+Shift+F");
    await expect.poll(() => page.getByTestId("nav-question-2").getAttribute("data-flagged")).toBe("false");

    // Done mark and progress: labelling an image marks it done and counts in its task and overall.
    const multiTaskId = itemsOf(MULTI)[0]?.taskId ?? "";
    const progress = page.getByTestId(`task-progress-${multiTaskId}`);
    expect(await progress.getAttribute("data-done")).toBe("0");
    expect(await progress.getAttribute("data-total")).toBe("3");
    expect(await page.getByTestId(`nav-item-${m1}`).getAttribute("data-done")).toBe("false");
    await page.getByTestId(`nav-item-${m1}`).click();
    await page.getByTestId("classify-workspace").waitFor();
    await page.keyboard.press("2");
    await expect.poll(() => page.getByTestId(`nav-item-${m1}`).getAttribute("data-done")).toBe("true");
    await expect(page.getByTestId(`nav-item-${m1}`).getByTestId("nav-done-mark").isVisible()).resolves.toBe(
      true,
    );
    expect(await progress.getAttribute("data-done")).toBe("1");
    expect(await page.getByTestId("nav-progress").getAttribute("data-done")).toBe("1");
    await waitSaved(page);
    expect(await savedDoc(0, m1)).toEqual({ labels: ["night"] });
    await screenshot(page, "nav-02-done");
    await page.context().close();
  });
});

describe("image classification", () => {
  it("chooses one label by click and by key, undoes, and saves what is shown", async () => {
    const page = await startExam("T-002");
    const s1 = itemId(SINGLE, 0);
    await page.getByTestId(`nav-item-${s1}`).click();
    await page.getByTestId("classify-workspace").waitFor();
    const image = page.getByTestId("classify-image");
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId("classify-labels").getAttribute("data-multi")).toBe("false");

    const chosen = async () =>
      Object.fromEntries(
        await Promise.all(
          ["day", "night", "rain"].map(
            async (l) => [l, await page.getByTestId(`label-${l}`).getAttribute("aria-pressed")] as const,
          ),
        ),
      );
    await page.getByTestId("label-day").click();
    await page.getByTestId("label-night").click(); // replaces day
    await expect.poll(chosen).toEqual({ day: "false", night: "true", rain: "false" });
    await page.keyboard.press("3"); // rain replaces night
    await expect.poll(chosen).toEqual({ day: "false", night: "false", rain: "true" });
    await page.keyboard.press("Control+z");
    await expect.poll(chosen).toEqual({ day: "false", night: "true", rain: "false" });
    await page.keyboard.press("Control+Shift+Z");
    await page.keyboard.press("Control+z");
    expect(await page.getByTestId("classify-chosen").textContent()).toContain("night");

    // `?` opens the shortcuts; while open the number keys do not reach the labels; Esc closes.
    await page.keyboard.press("?");
    await page.getByTestId("help-overlay").waitFor();
    expect(await page.getByTestId("help-overlay").textContent()).toContain("Ctrl+Shift+F");
    await screenshot(page, "nav-05-help");
    await page.keyboard.press("1");
    await page.keyboard.press("Escape");
    await page.getByTestId("help-overlay").waitFor({ state: "detached" });
    await expect.poll(chosen).toEqual({ day: "false", night: "true", rain: "false" });
    await waitSaved(page);
    await screenshot(page, "nav-03-single-label");
    expect(await savedDoc(1, s1)).toEqual({ labels: ["night"] });
    await page.context().close();
  });

  it("chooses several labels in a multi-label task, keeps brightness across images, and saves them", async () => {
    const page = await startExam("T-003");
    const m2 = itemId(MULTI, 1);
    const m3 = itemId(MULTI, 2);
    await page.getByTestId(`nav-item-${m2}`).click();
    await page.getByTestId("classify-workspace").waitFor();
    expect(await page.getByTestId("classify-labels").getAttribute("data-multi")).toBe("true");

    await page.getByTestId("label-day").click();
    await page.keyboard.press("3");
    await page.keyboard.press("1"); // day off
    expect(await page.getByTestId("label-day").getAttribute("aria-pressed")).toBe("false");
    await page.getByTestId("classify-undo").click(); // day back
    expect(await page.getByTestId("label-day").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("label-rain").getAttribute("aria-pressed")).toBe("true");
    await waitSaved(page);
    expect(await savedDoc(2, m2)).toEqual({ labels: ["day", "rain"] });

    // Brightness is a view setting: applied to the image, kept for the next image, never saved.
    await page.getByTestId("brightness").fill("150");
    await expect
      .poll(() => page.getByTestId("classify-image").evaluate((img) => getComputedStyle(img).filter))
      .toContain("brightness(1.5)");
    await page.getByTestId("brightness").blur(); // a focused slider takes the arrow keys
    await page.keyboard.press("Alt+ArrowRight");
    await expect.poll(() => currentTarget(page)).toBe(`item:${m3}`);
    await page.getByTestId("classify-workspace").waitFor();
    expect(await page.getByTestId("brightness").inputValue()).toBe("150");
    await page.keyboard.press("2");
    await waitSaved(page);
    await screenshot(page, "nav-04-multi-label");
    expect(await savedDoc(2, m3)).toEqual({ labels: ["night"] });
    expect(await savedDoc(2, m2)).toEqual({ labels: ["day", "rain"] });
    await page.context().close();
  });
});
