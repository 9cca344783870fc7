// End to end in Chromium: a large table-cleaning item (2,000 rows × 10 columns). Only the rows in
// view exist in the page; the keys walk the grid and the view follows; a cell is edited by typing,
// a row far down is marked duplicate with its key, a column's missing values are filled with its
// most frequent value and the fill is undone and redone with the keys. The proof is the document
// PostgreSQL holds for the item, which comes back after a reload; a closed attempt is read-only.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskSpec } from "../../prisma/seed/tasks.ts";
import type { TableAnswer } from "../../protocol/index.ts";
import { assertClientBuilt, launchBrowser, screenshot, startFirstAttempt } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

const N = 2_000;
const HEADER = ["id", ...Array.from({ length: 9 }, (_, c) => `列${c + 1} col${c + 1}`)];
const COMMON = ["甲", "乙", "甲", "丙"];
/** Column 3 misses a value every 7th row, column 5 (a category, mostly 甲) every 11th. */
const missing3 = (i: number) => i % 7 === 3;
const missing5 = (i: number) => i % 11 === 5;
const DUP = 1_500;

function dirtyRows(): string[][] {
  const rows = Array.from({ length: N }, (_, i) =>
    HEADER.map((_, c) => {
      if (c === 0) return String(i + 1);
      if (c === 3 && missing3(i)) return "";
      if (c === 5) return missing5(i) ? "" : (COMMON[i % 4] ?? "");
      return `r${i + 1}c${c}`;
    }),
  );
  // Row DUP repeats the row above in full-width digits with a stray space: a candidate duplicate.
  rows[DUP] = (rows[DUP - 1] ?? []).map((cell) =>
    cell.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).concat(" "),
  );
  return rows;
}

const DIRTY = dirtyRows();
const MISSING_GIVEN = DIRTY.flat().filter((c) => c === "").length;
const MISSING_COL5 = DIRTY.filter((r) => r[5] === "").length;

const bigTable: TaskSpec = {
  kind: "TABLE",
  title: "大表清洗 Large table",
  instructions: "标记重复行，补全缺失值。Mark duplicates, fill missing values.",
  labels: [],
  points: 100,
  settings: { key: "id" },
  items: [
    {
      payload: { header: HEADER, rows: DIRTY },
      truth: { header: HEADER, rows: DIRTY.filter((_, i) => i !== DUP) },
    },
  ],
};

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, { questions: [], tasks: [bigTable], contestants: 1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function saved(): Promise<TableAnswer | null> {
  const answer = await stack.db.answer.findFirst({
    where: { attemptId: fx.contestants[0]?.attemptId ?? "", itemId: fx.items[0]?.id },
  });
  return (answer?.data as TableAnswer | undefined) ?? null;
}

const cell = (page: Page, row: number, col: number) => page.getByTestId(`cell-${row}-${col}`);
const renderedRows = (page: Page) => page.locator('[data-testid="table-grid"] tr[data-testid^="row-"]');

/** Scrolls the grid so that `row` is about in view and waits for it to be rendered. */
async function scrollToRow(grid: Locator, page: Page, row: number): Promise<void> {
  await grid.evaluate((el, f) => {
    el.scrollTop = f * el.scrollHeight - el.clientHeight / 2;
  }, row / N);
  await page.getByTestId(`row-${row}`).waitFor();
}

/** Whether an element lies fully inside the grid's scrolled view. */
async function inView(grid: Locator, target: Locator): Promise<boolean> {
  const [g, t] = [await grid.boundingBox(), await target.boundingBox()];
  return g !== null && t !== null && t.y >= g.y && t.y + t.height <= g.y + g.height;
}

describe("a 2,000-row table in the browser", () => {
  it("renders only rows in view, walks with keys, edits, marks, fills and undoes; the saved table comes back", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
    const grid = page.getByTestId("table-grid");
    await grid.waitFor();

    // Virtualised: a screenful of rows plus a margin, not 2,000; every missing cell counted.
    const shown = await renderedRows(page).count();
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(100);
    expect(await page.getByTestId("table-missing").textContent()).toBe(String(MISSING_GIVEN));
    expect(await cell(page, 3, 3).getAttribute("class")).toContain("is-missing");
    await screenshot(page, "table-01-large-given");

    // Keys walk the grid (the view follows the active cell) and Enter opens the editor.
    await cell(page, 0, 1).click();
    for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect.poll(() => cell(page, 40, 3).getAttribute("aria-current")).toBe("true");
    expect(await inView(grid, cell(page, 40, 3))).toBe(true);
    expect(await cell(page, 0, 1).count()).toBe(0); // scrolled out of the page entirely
    await page.keyboard.press("Enter");
    await page.getByTestId("cell-editor").waitFor();
    await page.keyboard.press("Control+a");
    await page.keyboard.type("新值");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await saved())?.rows[40]?.[3]).toBe("新值");
    // Esc drops an edit in progress.
    await page.keyboard.press("Enter");
    await page.keyboard.type("作废");
    await page.keyboard.press("Escape");
    expect(await cell(page, 41, 3).textContent()).toBe("r42c3");

    // Far down: the last row, by double-click and typing.
    await scrollToRow(grid, page, N - 1);
    await cell(page, N - 1, 9).dblclick();
    await page.getByTestId("cell-editor").fill("末行");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await saved())?.rows[N - 1]?.[9]).toBe("末行");

    // The candidate duplicate (full-width digits, stray spaces) is hinted; D marks it.
    await scrollToRow(grid, page, DUP);
    expect(await page.getByTestId(`row-${DUP}`).textContent()).toContain(`≈${DUP}`);
    await cell(page, DUP, 1).click();
    await page.keyboard.press("d");
    await expect.poll(async () => (await saved())?.marks[DUP]).toBe("duplicate");
    expect(await page.getByTestId(`row-${DUP}`).getAttribute("data-mark")).toBe("duplicate");
    expect(await page.getByTestId(`mark-duplicate-${DUP}`).getAttribute("aria-pressed")).toBe("true");
    // Deep in the table the view still follows the keys.
    for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowDown");
    await expect.poll(() => cell(page, DUP + 30, 1).getAttribute("aria-current")).toBe("true");
    expect(await inView(grid, cell(page, DUP + 30, 1))).toBe(true);

    // Fill column 5 with its most frequent value: one save, one undo step.
    await page.getByTestId("fill-5").click();
    await page.getByTestId("fill-strategy").selectOption("mostFrequent");
    await page.getByTestId("fill-apply").click();
    await expect.poll(async () => (await saved())?.rows.filter((r) => r[5] === "").length).toBe(0);
    expect((await saved())?.rows[5]?.[5]).toBe("甲");
    expect(await page.getByTestId("table-missing").textContent()).toBe(String(MISSING_GIVEN - MISSING_COL5));
    await screenshot(page, "table-02-large-filled");

    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await saved())?.rows.filter((r) => r[5] === "").length).toBe(MISSING_COL5);
    expect((await saved())?.marks[DUP]).toBe("duplicate"); // only the fill went back
    expect((await saved())?.rows[N - 1]?.[9]).toBe("末行");
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => (await saved())?.rows.filter((r) => r[5] === "").length).toBe(0);

    // The problems filter: the first rows shown are those with a missing cell.
    await page.getByTestId("table-problems-only").check();
    await expect.poll(async () => renderedRows(page).first().getAttribute("data-testid")).toBe("row-3");
    await page.getByTestId("table-problems-only").uncheck();

    // The whole document, as saved.
    const expected: TableAnswer = {
      rows: DIRTY.map((r, i) =>
        r.map((c, j) =>
          i === 40 && j === 3 ? "新值" : i === N - 1 && j === 9 ? "末行" : j === 5 && c === "" ? "甲" : c,
        ),
      ),
      marks: DIRTY.map((_, i) => (i === DUP ? "duplicate" : null)),
    };
    expect(await saved()).toEqual(expected);

    await page.reload();
    await grid.waitFor();
    expect(await page.getByTestId("table-marked").textContent()).toBe("1");
    expect(await page.getByTestId("table-missing").textContent()).toBe(String(MISSING_GIVEN - MISSING_COL5));
    await scrollToRow(grid, page, 40);
    expect(await cell(page, 40, 3).textContent()).toBe("新值");
    await scrollToRow(grid, page, N - 1);
    expect(await cell(page, N - 1, 9).textContent()).toBe("末行");
    await scrollToRow(grid, page, DUP);
    expect(await page.getByTestId(`row-${DUP}`).getAttribute("data-mark")).toBe("duplicate");
    await screenshot(page, "table-03-large-after-reload");

    // Submitted: the grid is read-only (no marks, no fill, no editor), the document unchanged.
    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    await page.getByTestId("exam-closed").waitFor();
    expect(await page.getByTestId(`mark-invalid-${DUP}`).isDisabled()).toBe(true);
    expect(await page.getByTestId("fill-5").count()).toBe(0);
    await grid.focus();
    await page.keyboard.press("i");
    await page.keyboard.press("Enter");
    expect(await page.getByTestId("cell-editor").count()).toBe(0);
    expect(await saved()).toEqual(expected);
    await screenshot(page, "table-04-large-locked");
    await ctx.close();
  });
});
