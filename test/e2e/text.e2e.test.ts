// End to end in Chromium: text spans made by selecting characters with the mouse (Chinese, and text
// after emoji where the browser's offsets and the answer's code points differ), relabelled with a
// number key, refused when they would overlap, deleted and brought back with Ctrl+Z; text
// classification by click and by key. The proof is what PostgreSQL holds for each item.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** Nested entities allowed, and two emoji (four UTF-16 units, two code points) before the words. */
const NESTED_TEXT = "🙂😀 上海交通大学在上海。";
const nestedTask: TaskSpec = {
  ...demoTask("TEXT_SPANS", 1),
  title: "嵌套实体 Nested entities",
  settings: { allowOverlap: true },
  items: [{ payload: { text: NESTED_TEXT }, truth: { spans: [] } }],
};

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, {
    questions: [],
    tasks: [demoTask("TEXT_SPANS", 2), demoTask("TEXT_CLASSIFICATION", 2), nestedTask],
    contestants: 2,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function startExam(ticket: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  await startFirstAttempt(page, stack.baseUrl, ticket, PASSWORD);
  return page;
}

/** Drags the mouse from the left edge of character `from` to the right edge of character `to` (code points). */
async function selectChars(page: Page, from: number, to: number): Promise<void> {
  const text = page.getByTestId("span-text");
  const a = await text.locator(`[data-i="${from}"]`).boundingBox();
  const b = await text.locator(`[data-i="${to}"]`).boundingBox();
  if (!a || !b) throw new Error("character not rendered");
  await page.mouse.move(a.x + 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x + b.width) / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width - 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

async function clickChar(page: Page, i: number): Promise<void> {
  await page.getByTestId("span-text").locator(`[data-i="${i}"]`).click();
}

/** The document PostgreSQL holds for contestant `c`'s `n`-th item of the paper (1-based, paper order). */
async function savedDoc(n: number, c = 1): Promise<unknown> {
  const attemptId = fx.contestants[c - 1]?.attemptId ?? "";
  const answer = await stack.db.answer.findFirst({ where: { attemptId, itemId: fx.items[n - 1]?.id } });
  return answer?.data ?? null;
}

type Span = { id: string; start: number; end: number; label: string };
const ranges = (doc: unknown) =>
  ((doc as { spans: Span[] } | null)?.spans ?? [])
    .map(({ start, end, label }) => ({ start, end, label }))
    .sort((a, b) => a.start - b.start || a.end - b.end);

describe("text tools in the browser", () => {
  it("labels spans by selecting characters, relabels, refuses overlap, deletes and undoes", async () => {
    const page = await startExam("T-001");
    // 张伟去年从北京来到深圳，加入了华为技术有限公司的人工智能团队。
    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("span-text").waitFor();

    await page.keyboard.press("2"); // LOC
    await selectChars(page, 5, 6); // 北京
    await selectChars(page, 0, 1); // 张伟, still LOC: corrected below
    await selectChars(page, 9, 10); // 深圳
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("3");
    await expect.poll(() => page.getByTestId("count-LOC").textContent()).toBe("3");

    await clickChar(page, 0);
    await page.getByTestId("selected-span").waitFor();
    await page.keyboard.press("1"); // relabel the selected span: PER
    await expect.poll(() => page.getByTestId("count-PER").textContent()).toBe("1");

    await page.keyboard.press("Escape");
    await page.keyboard.press("3"); // ORG
    await selectChars(page, 15, 22); // 华为技术有限公司
    await selectChars(page, 6, 7); // 京来: crosses 北京
    await page.getByTestId("span-notice").waitFor();
    expect(await page.getByTestId("span-notice").textContent()).toContain("北京");
    expect(await page.getByTestId("span-count").textContent()).toBe("4");
    await screenshot(page, "text-01-spans-overlap-refused");

    await clickChar(page, 10);
    await page.keyboard.press("Delete");
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("3");
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("4");
    await waitSaved(page);
    await screenshot(page, "text-02-spans");

    await expect
      .poll(async () => ranges(await savedDoc(1)))
      .toEqual([
        { start: 0, end: 2, label: "PER" },
        { start: 5, end: 7, label: "LOC" },
        { start: 9, end: 11, label: "LOC" },
        { start: 15, end: 23, label: "ORG" },
      ]);
    const spans = (await savedDoc(1)) as { spans: Span[] };
    expect(new Set(spans.spans.map((s) => s.id)).size).toBe(4);

    // A double-click takes a word (the browser's word rules); the span is the word, trimmed.
    const english = "Alice Chen met Li Na at Tsinghua University in Beijing last May.";
    await page.getByTestId("nav-item-1-2").click();
    await page.getByTestId("span-text").filter({ hasText: "Beijing" }).waitFor();
    await page.keyboard.press("2"); // LOC
    const beijing = english.indexOf("Beijing");
    await page
      .getByTestId("span-text")
      .locator(`[data-i="${beijing + 2}"]`)
      .dblclick();
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("1");
    await waitSaved(page);
    await expect
      .poll(async () => ranges(await savedDoc(2)))
      .toEqual([{ start: beijing, end: beijing + 7, label: "LOC" }]);

    // Classification, single label: a click, then a key replaces it, then Ctrl+Z brings it back.
    await page.getByTestId("nav-item-2-1").click();
    await page.getByTestId("choice-positive").click();
    await expect.poll(() => page.getByTestId("choice-positive").getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("3");
    await expect.poll(() => page.getByTestId("choice-negative").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("choice-positive").getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.getByTestId("choice-positive").getAttribute("aria-pressed")).toBe("true");
    await waitSaved(page);
    await screenshot(page, "text-03-classification");
    await expect.poll(() => savedDoc(3)).toEqual({ labels: ["positive"] });

    // The second text by key alone.
    await page.getByTestId("nav-item-2-2").click();
    await page.getByTestId("classify-text").getByText("parcel").waitFor();
    await page.keyboard.press("3");
    await waitSaved(page);
    await expect.poll(() => savedDoc(4)).toEqual({ labels: ["negative"] });
    await page.context().close();
  });

  it("counts code points after emoji and stacks nested spans when the task allows overlap", async () => {
    const page = await startExam("T-002");
    // 🙂😀 上海交通大学在上海。 — 上 is code point 3 but UTF-16 unit 5.
    await page.getByTestId("nav-item-3-1").click();
    await page.getByTestId("span-text").waitFor();
    await page.keyboard.press("3"); // ORG
    await selectChars(page, 2, 8); // " 上海交通大学": the space is trimmed
    await page.keyboard.press("2"); // LOC
    await selectChars(page, 3, 4); // 上海, inside the organisation
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("2");
    expect(await page.getByTestId("span-notice").count()).toBe(0);
    // Both underlines are drawn under 上, each on its own row.
    expect(await page.getByTestId("span-text").locator('[data-i="3"] .tc-line').count()).toBe(2);
    await waitSaved(page);
    await screenshot(page, "text-04-nested-emoji");
    await expect
      .poll(async () => ranges(await savedDoc(5, 2)))
      .toEqual([
        { start: 3, end: 5, label: "LOC" },
        { start: 3, end: 9, label: "ORG" },
      ]);

    // Under 上 both underlines are clickable: the second (upper row) is the organisation's.
    await page.getByTestId("span-text").locator('[data-i="3"] .tc-line').nth(1).click();
    await expect.poll(() => page.getByTestId("selected-span").textContent()).toContain("上海交通大学");
    await page.getByTestId("span-text").locator('[data-i="3"] .tc-line').nth(0).click();
    await expect.poll(() => page.getByTestId("selected-span").textContent()).not.toContain("交通");

    // Keyboard selection: a click puts the caret before the second 上, Shift+→ twice takes 上海, Enter makes it.
    await page.keyboard.press("Escape");
    await clickChar(page, 10); // 上 of the second 上海 (no span there)
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("span-count").textContent()).toBe("3");
    await waitSaved(page);
    await expect
      .poll(async () => ranges(await savedDoc(5, 2)))
      .toContainEqual({ start: 10, end: 12, label: "LOC" });
    await page.context().close();
  });
});
