// End to end in Chromium, a practice sitting (issue 11): region 1's host generates the practice
// paper and creates a practice session on the sessions tab; the contestant, seated in it beside the
// real sitting, sees the practice badge in the lobby, answers a question and submits; once the
// worker has scored it the lobby links to the result, with no release by anyone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../prisma/seed/builders.ts";
import { PRACTICE_PAPER_TITLE } from "../../protocol/index.ts";
import { assertClientBuilt, launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

const SESSION = "练习场 Practice sitting";

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

describe("a practice sitting", () => {
  it("is set up by the host on the page and shows the contestant's result as soon as it is scored", async () => {
    const contestant = fx.contestants[0] as ExamFixture["contestants"][number];
    const real = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    const regionId = fx.regionId as string;

    // --- The host generates the practice paper and creates a practice session ---
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.getByTestId("tab-sessions").click();
    await host.getByTestId("session-new").click();
    await host.getByTestId("session-stage").selectOption(real.stageId);
    await host.getByTestId("session-practice-paper").click();
    await expect
      .poll(async () => host.getByTestId("session-paper").locator("option:checked").textContent())
      .toContain(PRACTICE_PAPER_TITLE);
    const paper = await stack.db.paper.findFirstOrThrow({ where: { title: PRACTICE_PAPER_TITLE } });
    expect(await host.getByTestId("session-paper").inputValue()).toBe(paper.id);
    await host.getByTestId("session-practice").check();
    await host.getByTestId("session-name").fill(SESSION);
    // Opened a few minutes ago, in the browser's own zone.
    const startsLocal = await host.evaluate(() => {
      const d = new Date(Date.now() - 5 * 60_000);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    });
    await host.getByTestId("session-starts").fill(startsLocal);
    await host.getByTestId("session-duration").fill("60");
    await host.getByTestId("session-late").fill("60");
    await host.getByTestId("session-save").click();
    await host.getByTestId(`session-practice-${SESSION}`).waitFor();
    expect(await host.getByTestId(`session-practice-${SESSION}`).textContent()).toBe("练习");
    await screenshot(host, "practice-01-host-sessions-zh");
    const session = await stack.db.examSession.findFirstOrThrow({ where: { name: SESSION } });
    expect(session).toMatchObject({ practice: true, paperId: paper.id, regionId });

    // The contestant, seated in the real sitting, is seated in the practice one too.
    const contestantRow = await stack.db.contestant.findFirstOrThrow({
      where: { userId: contestant.userId },
    });
    const seated = await host.evaluate(
      async ({ regionId, sessionId, contestantId }) => {
        const res = await fetch(`/api/regions/${regionId}/sessions/${sessionId}/seats`, {
          method: "PUT",
          credentials: "include",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ seats: [{ contestantId, seat: "P01" }] }),
        });
        return res.status;
      },
      { regionId, sessionId: session.id, contestantId: contestantRow.id },
    );
    expect(seated).toBe(200);
    const attempt = await stack.db.attempt.findFirstOrThrow({
      where: { examSessionId: session.id, contestantId: contestantRow.id },
    });

    // --- The contestant sees the badge, sits the practice and submits ---
    const page = await newPage();
    await signIn(page, stack.baseUrl, contestant.ticket, PASSWORD);
    await page.getByTestId("lobby").waitFor();
    const badge = page.getByTestId(`practice-${attempt.id}`);
    await badge.waitFor();
    expect(await badge.textContent()).toBe("练习场");
    expect(await page.getByTestId(`practice-${contestant.attemptId}`).count()).toBe(0);
    await screenshot(page, "practice-02-lobby-zh");
    const card = page.locator("section.sitting", { has: badge });
    await card.getByTestId("start-attempt").click();
    await page.getByTestId("exam").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/exam/${attempt.id}`);
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check(); // the key
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    await page.getByTestId("exam-closed").waitFor();
    await expect
      .poll(async () => (await stack.db.attempt.findUniqueOrThrow({ where: { id: attempt.id } })).status, {
        timeout: 60_000,
      })
      .toBe("SCORED");

    // --- The lobby links to the result at once; nothing was released ---
    await page.goto(`${stack.baseUrl}/lobby`);
    const link = page.getByTestId(`view-results-${attempt.id}`);
    await link.waitFor();
    expect(await page.getByTestId(`view-results-${contestant.attemptId}`).count()).toBe(0);
    await link.click();
    await page.getByTestId("result-total").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/results/${attempt.id}`);
    expect(await page.getByTestId("result-question-1").textContent()).toContain("✓");
    await screenshot(page, "practice-03-result-zh");
    const after = await stack.db.examSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.resultsReleasedAt).toBeNull();

    // --- In English ---
    await page.goto(`${stack.baseUrl}/lobby`);
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.getByTestId(`practice-${attempt.id}`).textContent()).toBe("Practice");
    await screenshot(page, "practice-04-lobby-en");
  }, 180_000);
});
