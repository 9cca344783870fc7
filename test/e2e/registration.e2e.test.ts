// End to end in Chromium, the whole path of issue 9: an applicant applies at /apply (refused once as a
// holder of a barred title), gets the access code, uploads proof on the status page (a disguised file
// refused), the region's host approves and seats the contestant on the host's pages, the status page shows the ticket
// number and initial password, and the contestant signs in with them and sits the exam.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExam, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { idNumberCheckChar } from "../../protocol/contest.ts";
import { launchBrowser, screenshot, signIn, waitSaved } from "../helpers/browser.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let browser: Browser;
let regionId: string;
let sessionId: string;

const ID_PREFIX = "11010520030315123";
const ID_NUMBER = ID_PREFIX + idNumberCheckChar(ID_PREFIX);
/** The same number with a wrong check character. */
const WRONG_ID = ID_PREFIX + (idNumberCheckChar(ID_PREFIX) === "1" ? "2" : "1");

/** The smallest file a PDF reader opens: one empty page. */
const PDF = Buffer.from(
  [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    "trailer << /Root 1 0 R >>",
    "%%EOF",
    "",
  ].join("\n"),
);
const DISGUISED = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>\n");

beforeAll(async () => {
  stack = await startStack();
  const regions = await upsertRegions(stack.db);
  regionId = regions.get(1) ?? "";
  const exam = await buildExam(stack.db, {
    regionId,
    contestName: "人工智能训练师 2026",
    stageName: "北京赛区预赛",
    sessionName: "第一场 Session 1",
    startsAt: new Date(Date.now() - 60_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 3),
    tasks: [],
  });
  sessionId = exam.sessionId;
  const day = 24 * 3600_000;
  await stack.db.registrationWindow.create({
    data: {
      stageId: exam.stageId,
      regionId,
      opensAt: new Date(Date.now() - day),
      closesAt: new Date(Date.now() + 7 * day),
    },
  });
  // Another region whose window has closed: shown, not choosable.
  await stack.db.registrationWindow.create({
    data: {
      stageId: exam.stageId,
      regionId: regions.get(2) ?? "",
      opensAt: new Date(Date.now() - 30 * day),
      closesAt: new Date(Date.now() - 2 * day),
    },
  });
  await createStaff(stack.db, {
    username: "host1",
    name: "北京承办",
    role: "REGION_HOST",
    regionId,
    password: PASSWORD,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height } })).newPage();
}

/** Nothing wider than the screen: no sideways scrolling, nothing cut off. */
async function expectNoOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
}

describe("registration in the browser", () => {
  it("applies, uploads proof, is approved and seated, signs in with the ticket and sits the exam", async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByTestId("login-to-apply-status").waitFor();
    await screenshot(page, "59-login-apply-links");
    await page.getByTestId("login-to-apply").click();
    await page.getByTestId("apply-form").waitFor();

    // The closed region is listed with its dates but cannot be chosen.
    const closed = page.locator(`[data-testid=region-select] option[disabled]`).filter({ hasText: "已截止" });
    expect(await closed.count()).toBe(1);
    await page.getByTestId("region-select").selectOption(regionId);
    await page.getByTestId("region-window").waitFor();
    expect(await page.getByTestId("region-window").textContent()).toContain("报名中");

    await page.getByTestId("basis-STUDENT").check();
    await page.getByTestId("field-name").fill("张小明");
    // The check character is judged as one types.
    await page.getByTestId("field-idNumber").fill(WRONG_ID);
    await expect.poll(() => page.getByTestId("issue-idNumber").textContent()).toContain("校验码");
    expect(await page.getByTestId("apply-submit").isDisabled()).toBe(true);
    await page.getByTestId("field-idNumber").fill(ID_NUMBER);
    await page.getByTestId("issue-idNumber").waitFor({ state: "detached" });
    await page.getByTestId("field-phone").fill("13800138000");
    await page.getByTestId("field-organisation").fill("北京信息职业技术学院");
    await page.getByTestId("field-field").fill("人工智能技术应用");
    await page.locator("[data-honour='全国技术能手']").check();
    await page.getByTestId("declaration").check();
    await page.getByTestId("team-none").check();

    // A holder of 全国技术能手 is refused, with the reason.
    await page.getByTestId("apply-submit").click();
    const refusal = page.getByTestId("apply-refusal");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("持有中华技能大奖或全国技术能手称号者不得以选手身份报名");
    await screenshot(page, "60-apply-refused-barred-honour");
    expect(await stack.db.registration.count()).toBe(0);

    await page.locator("[data-honour='全国技术能手']").uncheck();
    await page.getByTestId("apply-submit").click();
    await page.getByTestId("apply-success").waitFor();
    const accessCode = (await page.getByTestId("access-code").textContent())?.trim() ?? "";
    expect(accessCode.length).toBeGreaterThan(8);
    await screenshot(page, "61-apply-access-code");

    // The status page reads the code this browser kept.
    await page.getByTestId("apply-continue").click();
    await page.getByTestId("application").waitFor();
    expect(await page.getByTestId("application-status").textContent()).toBe("待审核");
    expect(await page.getByTestId("evidence-STUDENT_STATUS").getAttribute("data-missing")).toBe("true");
    await page.getByTestId("missing-evidence").waitFor();

    // An HTML page named proof.pdf is refused by its content...
    await page
      .getByTestId("upload-STUDENT_STATUS")
      .setInputFiles({ name: "proof.pdf", mimeType: "application/pdf", buffer: DISGUISED });
    const uploadError = page.getByTestId("evidence-error");
    await uploadError.waitFor();
    expect(await uploadError.textContent()).toContain("文件类型不支持");
    expect(await stack.db.evidence.count()).toBe(0);
    await screenshot(page, "62-status-disguised-file-refused");

    // ...and a real PDF is taken.
    await page
      .getByTestId("upload-STUDENT_STATUS")
      .setInputFiles({ name: "学籍证明.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByTestId("evidence-file").waitFor();
    expect(await page.getByTestId("evidence-STUDENT_STATUS").getAttribute("data-missing")).toBe("false");
    expect(await page.getByTestId("evidence-file").textContent()).toContain("学籍证明.pdf");
    await screenshot(page, "63-status-evidence-uploaded");

    // The region's host approves on the host's page, and seats the contestant.
    const hostPage = await newPage(1400);
    await signIn(hostPage, stack.baseUrl, "host1", PASSWORD);
    await hostPage.getByTestId("registrations-section").waitFor();
    await hostPage.getByTestId("registration-row-张小明").click();
    await hostPage.getByTestId("registration-detail").waitFor();
    await hostPage.getByTestId("approve").click();
    await hostPage.getByTestId("approval-result").waitFor();
    const ticketNumber = (await hostPage.getByTestId("approval-ticket").textContent())?.trim() ?? "";
    const initialPassword = (await hostPage.getByTestId("approval-password").textContent())?.trim() ?? "";
    expect(ticketNumber).not.toBe("");
    expect(initialPassword).not.toBe("");
    await screenshot(hostPage, "64-host-approved");
    await hostPage.goto(`${stack.baseUrl}/host/${regionId}/seating`);
    await hostPage.getByTestId("seating-session").selectOption(sessionId);
    await hostPage.getByTestId(`seat-input-${ticketNumber}`).fill("A07");
    await hostPage.getByTestId("seats-save").click();
    await hostPage.getByTestId("seats-saved").waitFor();
    const { contestantId } = await stack.db.registration.findFirstOrThrow({ where: { idNumber: ID_NUMBER } });
    if (!contestantId) throw new Error("approval made no contestant");

    // The applicant's page now shows how to sign in.
    await page.reload();
    await page.getByTestId("admission").waitFor();
    expect(await page.getByTestId("application-status").textContent()).toBe("已通过");
    expect(await page.getByTestId("ticket-number").textContent()).toBe(ticketNumber);
    expect(await page.getByTestId("initial-password").textContent()).toBe(initialPassword);
    expect(await page.getByTestId("sitting-seat").textContent()).toBe("A07");
    expect(await page.getByTestId("sitting-starts").textContent()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）$/,
    );
    expect(await page.getByTestId("upload-STUDENT_STATUS").count()).toBe(0);
    await screenshot(page, "65-status-approved-zh");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.getByTestId("application-status").textContent()).toBe("Approved");
    expect(await page.getByTestId("sitting-starts").textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d\d:\d\d Beijing time$/,
    );
    await screenshot(page, "66-status-approved-en");

    // On a phone, with the code typed in: nothing runs off the screen.
    const phone = await newPage(390, 844);
    await phone.goto(`${stack.baseUrl}/apply/status`);
    await phone.getByTestId("code-input").fill(accessCode);
    await phone.getByTestId("code-submit").click();
    await phone.getByTestId("admission").waitFor();
    expect(await phone.getByTestId("ticket-number").textContent()).toBe(ticketNumber);
    await expectNoOverflow(phone);
    await screenshot(phone, "67-status-approved-phone");
    await phone.goto(`${stack.baseUrl}/apply`);
    await phone.getByTestId("apply-form").waitFor();
    await phone.getByTestId("basis-EMPLOYEE_JOB").check();
    await phone.getByTestId("field-idNumber").fill(WRONG_ID);
    await phone.getByTestId("issue-idNumber").waitFor();
    await expectNoOverflow(phone);
    await screenshot(phone, "68-apply-form-phone");
    await phone.getByTestId("lang-switch").click();
    await expect.poll(() => phone.getByTestId("apply-submit").textContent()).toBe("Submit application");
    await expectNoOverflow(phone);
    await screenshot(phone, "68-apply-form-phone-en");

    // The contestant signs in with what the page showed and sits the exam.
    await page.getByTestId("to-login").click();
    await page.getByTestId("login-form").waitFor();
    await signIn(page, stack.baseUrl, ticketNumber, initialPassword);
    await page.getByTestId("lobby").waitFor();
    await page.getByTestId("start-attempt").first().click();
    await page.getByTestId("exam").waitFor();
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
    await waitSaved(page);
    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    await page.getByTestId("exam-closed").waitFor();
    await screenshot(page, "69-contestant-submitted");

    const attempt = await stack.db.attempt.findFirstOrThrow({ where: { contestantId } });
    expect(attempt.seat).toBe("A07");
    expect(attempt.examSessionId).toBe(sessionId);
    expect(attempt.submittedAt).not.toBeNull();
    expect(await stack.db.answer.count({ where: { attemptId: attempt.id } })).toBe(1);
  });

  it("shows a rejection with the host's reason, corrects and resubmits, then withdraws (in English)", async () => {
    const page = await newPage();
    await page.addInitScript(() => window.localStorage.setItem("labelarena.language", "en"));
    await page.goto(`${stack.baseUrl}/apply`);
    await page.getByTestId("apply-form").waitFor();
    await page.getByTestId("region-select").selectOption(regionId);
    await page.getByTestId("basis-EMPLOYEE_JOB").check();
    await page.getByTestId("field-jobStartedOn").fill("2015-09-01");
    expect(
      await page.locator(".apply-field", { has: page.getByTestId("field-jobStartedOn") }).textContent(),
    ).toContain("That is 1 Sept 2015");
    const prefix = "11010819900101456";
    await page.getByTestId("field-name").fill("李华");
    await page.getByTestId("field-idNumber").fill(prefix + idNumberCheckChar(prefix));
    await page.getByTestId("field-phone").fill("13900139000");
    await page.getByTestId("field-email").fill("li.hua@example.com");
    await page.getByTestId("field-organisation").fill("北京某数据科技有限公司");
    await page.getByTestId("field-field").fill("数据标注");
    await page.getByTestId("declaration").check();
    await page.getByTestId("team-lead").check();
    await page.getByTestId("field-teamName").fill("Team Alpha");
    await page.getByTestId("apply-submit").click();
    await page.getByTestId("apply-success").waitFor();
    await page.getByTestId("apply-continue").click();
    await page.getByTestId("application").waitFor();
    expect(await page.getByTestId("application-status").textContent()).toBe("Awaiting review");
    expect((await page.getByTestId("team-join-code").textContent())?.length).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId("evidence-SOCIAL_INSURANCE").getAttribute("data-missing")).toBe("true");

    const registration = await stack.db.registration.findFirstOrThrow({ where: { name: "李华" } });
    const host = new Client(stack.baseUrl);
    expect((await host.login("host1", PASSWORD)).status).toBe(200);
    const rejected = await host.post(`/api/regions/${regionId}/registrations/${registration.id}/reject`, {
      reason: "请补充社保缴纳记录 Please add the social-insurance record",
    });
    expect(rejected.status, rejected.text).toBe(200);

    await page.reload();
    await page.getByTestId("review-reason").waitFor();
    expect(await page.getByTestId("application-status").textContent()).toBe("Not approved");
    expect(await page.getByTestId("review-reason").textContent()).toContain("请补充社保缴纳记录");
    await screenshot(page, "70-status-rejected-en");

    // Correct and resubmit: the form comes back filled in, the declaration to be made again.
    await page.getByTestId("edit-application").click();
    expect(await page.getByTestId("field-name").inputValue()).toBe("李华");
    expect(await page.getByTestId("field-teamName").inputValue()).toBe("Team Alpha");
    expect(await page.getByTestId("region-select").isDisabled()).toBe(true);
    expect(await page.getByTestId("apply-submit").isDisabled()).toBe(true);
    await page.getByTestId("declaration").check();
    await page.getByTestId("field-field").fill("数据标注员");
    await screenshot(page, "71-status-correcting-en");
    await page.getByTestId("apply-submit").click();
    await page.getByTestId("status-notice").waitFor();
    expect(await page.getByTestId("application-status").textContent()).toBe("Awaiting review");
    expect(await page.getByTestId("summary-field").textContent()).toBe("数据标注员");
    expect(await page.getByTestId("review-reason").count()).toBe(0);

    await page.getByTestId("withdraw").click();
    await page.getByTestId("withdraw-yes").click();
    await expect.poll(() => page.getByTestId("application-status").textContent()).toBe("Withdrawn");
    expect(await page.getByTestId("edit-application").count()).toBe(0);
    expect((await stack.db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe(
      "WITHDRAWN",
    );
  });
});
