// End to end in Chromium: work on text, audio and table items done while offline is kept in the
// browser's journal, survives the tab closing, and reaches PostgreSQL once the page is back online.
// (Boxes and questions have the same test in offline.e2e.test.ts; every kind goes the same way.)
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTask } from "../../prisma/seed/tasks.ts";
import { assertClientBuilt, launchBrowser, screenshot, startFirstAttempt } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, {
    questions: [],
    tasks: [demoTask("TEXT_CLASSIFICATION", 2), demoTask("TRANSCRIPTION", 1), demoTask("TABLE")],
    contestants: 1,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const attemptId = () => fx.contestants[0]?.attemptId ?? "";
const status = (page: Page) => page.getByTestId("save-status").getAttribute("data-status");
const pending = (page: Page) => page.getByTestId("save-status").getAttribute("data-pending");

async function savedDocs(): Promise<unknown[]> {
  const rows = await stack.db.answer.findMany({
    where: { attemptId: attemptId() },
    select: { itemId: true, data: true },
  });
  const byItem = new Map(rows.map((r) => [r.itemId, r.data]));
  return fx.items.map((it) => byItem.get(it.id) ?? null);
}

async function open(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
  return page;
}

describe("never losing work, for every kind of item", () => {
  it("keeps offline edits of classification, transcription and table items over a closed tab", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await open(ctx);
    await page.getByTestId("classify-text").waitFor();
    await ctx.setOffline(true);
    await expect.poll(() => status(page)).toBe("offline");

    await page.keyboard.press("1"); // positive
    await page.getByTestId("nav-item-1-2").click();
    await page.getByTestId("classify-text").getByText("parcel").waitFor();
    await page.keyboard.press("3"); // negative
    await page.getByTestId("nav-item-2-1").click();
    await page.getByTestId("transcript").click();
    await page.keyboard.type("305");
    await page.getByTestId("nav-item-3-1").click();
    await page.getByTestId("cell-3-0").click();
    await page.keyboard.press("d");
    await expect.poll(() => pending(page)).toBe("4");
    expect(await status(page)).toBe("offline");
    expect(await savedDocs()).toEqual([null, null, null, null]);
    await screenshot(page, "offline-kinds-01-pending");

    // The tab goes away before the network is back; a new one replays the journal.
    await page.close();
    await ctx.setOffline(false);
    const again = await ctx.newPage();
    await again.goto(`${stack.baseUrl}/exam/${attemptId()}`);
    await again.getByTestId("exam").waitFor();
    await expect.poll(() => status(again), { timeout: 15_000 }).toBe("saved");
    expect(await pending(again)).toBe("0");
    const [first, second, transcript, table] = await savedDocs();
    expect(first).toEqual({ labels: ["positive"] });
    expect(second).toEqual({ labels: ["negative"] });
    expect(transcript).toEqual({ text: "305" });
    expect((table as { marks: unknown[] }).marks[3]).toBe("duplicate");
    expect(await again.getByTestId("choice-positive").getAttribute("aria-pressed")).toBe("true");
    await again.getByTestId("nav-item-2-1").click();
    expect(await again.getByTestId("transcript").inputValue()).toBe("305");
    await screenshot(again, "offline-kinds-02-replayed");
    await ctx.close();
  });
});
