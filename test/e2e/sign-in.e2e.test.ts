// End to end in Chromium: a second sign-in ends the first page's sign-in (it says so, keeps what is
// answered meanwhile and saves it after signing in again), and a lockout after wrong passwords is
// shown on the login page and lifted by the proctor from the console.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startFirstAttempt, waitSaved } from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ env: { LOGIN_ACCOUNT_FAILURES: "3" } });
  fx = await newExamFixture(stack.db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280) {
  return (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
}

describe("sign-in sessions in the browser", () => {
  it("tells the first page its sign-in ended after a second sign-in, and keeps its answers", async () => {
    const page = await newPage();
    await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
    await waitSaved(page);

    // The same contestant signs in somewhere else.
    expect((await new Client(stack.baseUrl).login("T-001", PASSWORD)).status).toBe(200);
    await page.getByTestId("sign-in-ended").waitFor();
    await screenshot(page, "40-sign-in-ended");

    // What is answered now stays on this computer...
    await page.getByTestId("nav-question-2").click();
    await page.getByTestId("option-B").check();
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-pending")).toBe("1");
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    expect(await stack.db.answer.count({ where: { attemptId } })).toBe(1);

    // ...and is saved once the contestant signs in again here.
    await page.getByTestId("sign-in-ended").getByRole("button").click();
    await page.getByTestId("login-form").waitFor();
    await page.getByTestId("login-input").fill("T-001");
    await page.getByTestId("password-input").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("start-attempt").first().click();
    await page.getByTestId("exam").waitFor();
    await waitSaved(page);
    expect(await stack.db.answer.count({ where: { attemptId } })).toBe(2);
    expect(await page.getByTestId("sign-in-ended").count()).toBe(0);
  });

  it("shows a lockout with the time left, and the proctor lifts it from the console", async () => {
    const contestant = await newPage();
    for (let i = 0; i < 3; i++) await signIn(contestant, stack.baseUrl, "T-002", "wrong password");
    const locked = contestant.getByTestId("login-locked");
    await locked.waitFor();
    expect(await locked.getAttribute("data-scope")).toBe("account");
    expect(await locked.textContent()).toMatch(/1[45]:\d\d/);
    await screenshot(contestant, "41-login-locked");

    const proctor = await newPage(1400);
    await signIn(proctor, stack.baseUrl, fx.proctor, PASSWORD);
    await proctor.getByTestId(`session-link-${fx.sessionId}`).click();
    const row = proctor.getByTestId("login-lock-T-002");
    await row.waitFor();
    expect(await row.getByTestId("lock-lift").isDisabled()).toBe(true);
    await row.getByTestId("lock-reason").fill("身份已核对 ID checked");
    await screenshot(proctor, "42-proctor-login-locks");
    await row.getByTestId("lock-lift").click();
    await row.waitFor({ state: "detached" });
    const audit = await stack.db.auditEntry.findMany({ where: { action: "login.unlock" } });
    expect(audit.map((a) => [a.target, a.reason])).toEqual([
      [`user:${fx.contestants[1]?.userId}`, "身份已核对 ID checked"],
    ]);

    await signIn(contestant, stack.baseUrl, "T-002", PASSWORD);
    await contestant.getByTestId("lobby").waitFor();
  });
});
