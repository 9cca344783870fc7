// End to end in Chromium: a proctor extends a contestant's time and then collects the paper; the
// contestant's page locks at once and the console shows the submission.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn as signInAs } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ worker: true });
  fx = await newExamFixture(stack.db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

function signIn(page: Page, login: string): Promise<void> {
  return signInAs(page, stack.baseUrl, login, PASSWORD);
}

describe("proctor actions in the browser", () => {
  it("extends a contestant's time, then collects the paper", async () => {
    const contestant = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(contestant, "T-001");
    await contestant.getByTestId("start-attempt").first().click();
    await contestant.getByTestId("exam").waitFor();

    const proctor = await (await browser.newContext({ viewport: { width: 1400, height: 800 } })).newPage();
    await signIn(proctor, fx.proctor);
    await proctor.getByTestId(`session-link-${fx.sessionId}`).click();
    const row = proctor.getByTestId("roster-row-T-001");
    await expect.poll(() => row.getByTestId("status").getAttribute("data-status")).toBe("IN_PROGRESS");

    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const before =
      (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).deadlineAt?.getTime() ?? 0;
    await row.getByTestId("extend").click();
    await proctor.getByTestId("action-minutes").fill("15");
    await proctor.getByTestId("action-reason").fill("电脑重启 computer restarted");
    await screenshot(proctor, "10-proctor-extend");
    await proctor.getByTestId("action-confirm").click();
    await proctor.getByTestId("action-dialog-extend").waitFor({ state: "detached" });
    const after =
      (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).deadlineAt?.getTime() ?? 0;
    expect(after - before).toBe(15 * 60_000);

    await proctor.getByTestId("message-text").fill("还有 15 分钟 15 minutes left");
    await proctor.getByTestId("message-send").click();
    await expect
      .poll(() => contestant.getByTestId("proctor-message").textContent())
      .toContain("15 minutes left");
    await screenshot(contestant, "13-contestant-message");

    await row.getByTestId("force-submit").click();
    // The confirm button stays disabled until a reason is given.
    expect(await proctor.getByTestId("action-confirm").isDisabled()).toBe(true);
    await proctor.getByTestId("action-reason").fill("考试违纪 misconduct");
    await proctor.getByTestId("action-confirm").click();
    await contestant.getByTestId("exam-closed").waitFor();
    await expect.poll(() => row.getByTestId("status").getAttribute("data-status")).toMatch(/FROZEN|SCORED/);
    await screenshot(proctor, "11-proctor-collected");
    await screenshot(contestant, "12-contestant-collected");
    const audit = await stack.db.auditEntry.findMany({
      where: { target: `attempt:${attemptId}` },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["attempt.extend", "电脑重启 computer restarted"],
      ["attempt.force-submit", "考试违纪 misconduct"],
    ]);
    expect(
      await stack.db.auditEntry.count({
        where: { action: "message.send", target: `session:${fx.sessionId}` },
      }),
    ).toBe(1);
  });
});
