// End to end in Chromium: a table-cleaning item. The contestant edits a cell by typing, marks a
// duplicate row with its key and an invalid row with its button, fills the missing cities of a
// column, undoes one step, and gets the same table back after a reload. The proof is what
// PostgreSQL holds for the item; the answer that matches the truth then scores full marks.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanTableAnswer, demoTask } from "../../prisma/seed/tasks.ts";
import { assertClientBuilt, launchBrowser, screenshot, startFirstAttempt } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack({ worker: true });
  fx = await newExamFixture(stack.db, { questions: [], tasks: [demoTask("TABLE")], contestants: 1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const attemptId = () => fx.contestants[0]?.attemptId ?? "";

async function saved(): Promise<{ rows: string[][]; marks: (string | null)[] } | null> {
  const answer = await stack.db.answer.findFirst({
    where: { attemptId: attemptId(), itemId: fx.items[0]?.id },
  });
  return (answer?.data as { rows: string[][]; marks: (string | null)[] } | undefined) ?? null;
}

const cell = (page: Page, row: number, col: number) => page.getByTestId(`cell-${row}-${col}`);

describe("table cleaning in the browser", () => {
  it("edits, marks, fills and undoes with keys and buttons; the saved table comes back after a reload", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
    await page.getByTestId("table-grid").waitFor();
    expect(await page.getByTestId("table-missing").textContent()).toBe("2");
    await screenshot(page, "grid-01-given");

    // Row 3 (刘洋 ４５): double-click the age, type, Enter.
    await cell(page, 2, 3).dblclick();
    const editor = page.getByTestId("cell-editor");
    await editor.fill("45");
    await editor.press("Enter");
    await expect.poll(async () => (await saved())?.rows[2]?.[3]).toBe("45");
    // The grid keeps the keyboard: the active cell moved down to row 4; D marks it a duplicate.
    await page.keyboard.press("d");
    await expect.poll(async () => (await saved())?.marks[3]).toBe("duplicate");
    // Row 5 is invalid (age -7): its button.
    await page.getByTestId("mark-invalid-4").click();
    await expect.poll(async () => (await saved())?.marks[4]).toBe("invalid");
    await expect.poll(() => page.getByTestId("row-4").getAttribute("data-mark")).toBe("invalid");

    // Fill the missing cities with a typed value (one undo step for both cells).
    await page.getByTestId("fill-2").click();
    await page.getByTestId("fill-value").fill("北京");
    await page.getByTestId("fill-apply").click();
    await expect
      .poll(async () => [(await saved())?.rows[1]?.[2], (await saved())?.rows[5]?.[2]])
      .toEqual(["北京", "北京"]);
    expect(await page.getByTestId("table-missing").textContent()).toBe("0");
    await screenshot(page, "grid-02-cleaned");

    // Undo takes the fill back as one step; redo brings it again.
    await page.getByTestId("table-grid").focus();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved())?.rows[1]?.[2]).toBe("");
    expect((await saved())?.rows[5]?.[2]).toBe("");
    expect((await saved())?.marks[4]).toBe("invalid");
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await saved())?.rows[5]?.[2]).toBe("北京");

    // Keys move the active cell; Delete clears one, Ctrl+Z brings it back; Esc cancels an edit.
    await cell(page, 0, 1).click();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByTestId("cell-editor").fill("赵敏");
    await page.keyboard.press("Escape");
    expect(await cell(page, 4, 1).textContent()).toBe("赵敏 ");
    await page.keyboard.press("Delete");
    await expect.poll(async () => (await saved())?.rows[4]?.[1]).toBe("");
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved())?.rows[4]?.[1]).toBe("赵敏 ");

    // The filter shows only rows with a problem (missing cells, duplicates, marks).
    await page.getByTestId("table-problems-only").check();
    await expect.poll(() => page.locator('[data-testid^="row-"]').count()).toBe(2);
    await page.getByTestId("table-problems-only").uncheck();

    expect(await saved()).toEqual(cleanTableAnswer());

    await page.reload();
    await page.getByTestId("table-grid").waitFor();
    expect(await page.getByTestId("row-3").getAttribute("data-mark")).toBe("duplicate");
    expect(await cell(page, 1, 2).textContent()).toBe("北京");
    expect(await page.getByTestId("table-marked").textContent()).toBe("2");
    await screenshot(page, "grid-03-after-reload");

    // Submitted, the cleaned table scores full marks.
    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    await page.getByTestId("exam-closed").waitFor();
    await expect
      .poll(async () => (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId() } })).status, {
        timeout: 15_000,
      })
      .toBe("SCORED");
    const score = await stack.db.scoreVersion.findFirstOrThrow({
      where: { attemptId: attemptId(), current: true },
    });
    expect(score.practical).toBe(70);
    await ctx.close();
  });
});
