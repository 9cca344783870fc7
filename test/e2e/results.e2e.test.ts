// End to end in Chromium, the release of results (issue 10): a contestant answers and submits; the
// worker scores; before the release the lobby has no results link and the result page says the
// results are not released; region 1's host releases the session on the sessions tab; then the
// lobby links to the result, which shows the score version's total, each question and each item's
// plain explanation, in Chinese and in English at 1024 px.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../prisma/seed/builders.ts";
import type { AttemptResult } from "../../protocol/index.ts";
import { assertClientBuilt, dragOnCanvas, launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack({ worker: true });
  fx = await newExamFixture(stack.db, { contestants: 1 });
  await createStaff(stack.db, {
    username: "host1",
    name: "承办方",
    role: "REGION_HOST",
    regionId: fx.regionId ?? undefined,
    password: PASSWORD,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1024, height = 800): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height } })).newPage();
}

/** Nothing on the page runs off its right edge. */
async function expectNoOverflow(page: Page): Promise<void> {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over).toBeLessThanOrEqual(0);
}

/** The sessions table fits whole at 1024 px: no column hidden behind a sideways scroll. */
async function expectTableFits(page: Page): Promise<void> {
  await expectNoOverflow(page);
  const fits = await page
    .locator(".table-wrap", { has: page.getByTestId("sessions-table") })
    .evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits).toBe(true);
}

describe("results released to a contestant", () => {
  it("shows nothing before the host releases, then the contestant's own breakdown", async () => {
    const contestant = fx.contestants[0] as ExamFixture["contestants"][number];
    const attemptId = contestant.attemptId;

    // --- The contestant sits the exam: two questions, two boxes, then submits ---
    const page = await newPage();
    await signIn(page, stack.baseUrl, contestant.ticket, PASSWORD);
    await page.getByTestId("lobby").waitFor();
    await page.getByTestId("start-attempt").first().click();
    await page.getByTestId("exam").waitFor();

    // While the attempt is in progress, the host's release is refused with the counts.
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.getByTestId("tab-sessions").click();
    const release = host.getByTestId("release-Test session");
    await release.waitFor();
    host.once("dialog", (d) => void d.accept());
    await release.click();
    await host.getByTestId("release-refused").waitFor();
    expect(await host.getByTestId("release-refused").textContent()).toContain("作答中 1 份");
    expect(await host.getByTestId("released-Test session").count()).toBe(0);
    await screenshot(host, "results-00-host-refused-zh");

    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check(); // right (key A)
    await page.getByTestId("nav-question-3").click();
    await page.getByTestId("option-A").check(); // wrong (key B)
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("canvas-stage").waitFor();
    await page.getByTestId("label-car").click();
    await dragOnCanvas(page, [0.1, 0.1], [0.3, 0.3]);
    await page.getByTestId("label-tree").click();
    await dragOnCanvas(page, [0.5, 0.5], [0.7, 0.8]);
    await expect.poll(() => page.getByTestId("box-count").textContent()).toContain("2");
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    await page.getByTestId("exam-closed").waitFor();

    const deadline = Date.now() + 60_000;
    const version = await (async () => {
      for (;;) {
        const v = await stack.db.scoreVersion.findFirst({ where: { attemptId, current: true } });
        if (v) return v;
        if (Date.now() > deadline) throw new Error("the attempt was not scored in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await expect
      .poll(async () => (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status)
      .toBe("SCORED");

    // --- Before the release: no link in the lobby, and the page says "not released" ---
    await page.goto(`${stack.baseUrl}/lobby`);
    await page.getByTestId("lobby").waitFor();
    await page.getByTestId("start-attempt").waitFor();
    expect(await page.getByTestId(`view-results-${attemptId}`).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/results/${attemptId}`);
    await page.getByTestId("results-not-released").waitFor();
    expect(await page.getByTestId("result-total").count()).toBe(0);
    expect(await page.getByTestId("results-not-released").textContent()).toContain("成绩尚未发布");
    await screenshot(page, "results-01-not-released-zh");

    // --- The host releases the session on the sessions tab ---
    await host.reload();
    await release.waitFor();
    expect(await host.getByTestId("released-Test session").count()).toBe(0);
    host.once("dialog", (d) => void d.accept());
    await release.click();
    await host.getByTestId("released-Test session").waitFor();
    expect(await host.getByTestId("release-refused").count()).toBe(0);
    await expectTableFits(host);
    await screenshot(host, "results-02-host-released-zh");
    const session = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    expect(session.resultsReleasedAt).not.toBeNull();

    // --- The contestant's lobby links to the result ---
    await page.goto(`${stack.baseUrl}/lobby`);
    const link = page.getByTestId(`view-results-${attemptId}`);
    await link.waitFor();
    expect(await link.textContent()).toBe("查看成绩");
    await link.click();
    await page.getByTestId("result-total").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/results/${attemptId}`);

    // The total is the score version's; theory is 2 right answers of 10 × 30 / 10 … out of 30.
    const total = Number(await page.getByTestId("result-total").getAttribute("data-total"));
    expect(total).toBeCloseTo(version.total, 4);
    expect(Number(await page.getByTestId("result-theory").getAttribute("data-theory"))).toBeCloseTo(
      version.theory,
      4,
    );
    expect(await page.getByTestId("result-theory").textContent()).toContain(" / 30");
    expect(await page.getByTestId("result-practical").textContent()).toContain(" / 70");
    expect(await page.getByTestId("result-question-1").textContent()).toContain("✓");
    expect(await page.getByTestId("result-question-3").textContent()).toContain("✗");

    // Each item's explanation states the scorer's own figures for this contestant.
    const api = (await page.evaluate(async (id) => {
      const res = await fetch(`/api/attempts/${id}/results`, { credentials: "include" });
      return ((await res.json()) as { data: unknown }).data;
    }, attemptId)) as AttemptResult;
    const task = api.tasks[0] as AttemptResult["tasks"][number];
    await page.getByTestId(`result-task-${task.position}`).waitFor();
    for (const item of task.items) {
      const text = await page.getByTestId(`result-item-${task.position}-${item.position}`).textContent();
      if (item.matched + item.missed + item.extra > 0)
        expect(text).toContain(`匹配 ${item.matched} 个，遗漏 ${item.missed} 个，多标 ${item.extra} 个`);
      expect(text).toContain(`${Math.round(item.score * 100)}%`);
    }
    const first = task.items[0] as AttemptResult["tasks"][number]["items"][number];
    expect(first.matched + first.extra).toBeGreaterThan(0); // the two boxes drawn
    await expectNoOverflow(page);
    await screenshot(page, "results-03-result-zh");

    // --- In English ---
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.getByTestId("result-total").textContent()).toContain("Total");
    const firstText = await page.getByTestId(`result-item-${task.position}-${first.position}`).textContent();
    expect(firstText).toContain(`${first.matched} matched, ${first.missed} missed, ${first.extra} extra`);
    await expectNoOverflow(page);
    await screenshot(page, "results-04-result-en");

    // Another contestant's result (or a made-up id) is not readable.
    const status = await page.evaluate(async () => {
      const res = await fetch("/api/attempts/not-an-attempt/results", { credentials: "include" });
      return res.status;
    });
    expect(status).toBeGreaterThanOrEqual(400);

    await host.getByTestId("lang-switch").click();
    await expect
      .poll(() => host.getByTestId("released-Test session").textContent())
      .toContain("Results released");
    await expectTableFits(host);
    await screenshot(host, "results-05-host-released-en");
  });
});
