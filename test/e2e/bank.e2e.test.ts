// End to end in Chromium, the question bank of issue 11: the committee downloads the CSV template,
// uploads a sheet with a bad row (refused, the row marked, nothing written), checks and imports a
// good one, sees the topic counts and the list; then on a paper's page assembles the theory section
// by rule, sees BANK_SHORT beside the draw it concerns, and finds a paper in use read-only. zh-CN and
// English, at 1024 px, nothing cut off.
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExam, createContestant, createStaff } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let browser: Browser;
let paperId: string;
let frozenPaperId: string;

const HEADER = "编号 code,题型 kind,知识点 topic,题干 prompt,选项A,选项B,选项C,选项D,答案 answer,分值 points";

function bankCsv(): string {
  const lines = [HEADER];
  for (let i = 1; i <= 8; i++)
    lines.push(
      `E-S${i},单选,${i % 2 ? "图像标注" : "文本标注"},单选题 ${i},甲,乙,丙,丁,${"ABCD"[i % 4]},0.5`,
    );
  for (let i = 1; i <= 4; i++) lines.push(`E-T${i},判断,数据安全,判断题 ${i},,,,,${i % 2 ? "对" : "错"},0.5`);
  for (let i = 1; i <= 3; i++) lines.push(`E-M${i},多选,质量控制,多选题 ${i},一,二,三,四,ABD,1`);
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

beforeAll(async () => {
  stack = await startStack();
  const exam = await buildExam(stack.db, {
    regionId: null,
    contestName: "Bank e2e",
    sessionName: "组卷测试 Assembly",
    startsAt: new Date(Date.now() + 30 * 24 * 3600_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  paperId = exam.paperId;
  const frozen = await buildExam(stack.db, {
    regionId: null,
    contestName: "Bank e2e frozen",
    sessionName: "已开考 Begun",
    startsAt: new Date(Date.now() - 60_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  frozenPaperId = frozen.paperId;
  const c = await createContestant(stack.db, {
    stageId: frozen.stageId,
    sessionId: frozen.sessionId,
    ticketNumber: "B-001",
    password: PASSWORD,
    name: "考生",
  });
  await stack.db.attempt.update({
    where: { id: c.attemptId },
    data: { status: "IN_PROGRESS", startedAt: new Date() },
  });
  await createStaff(stack.db, { username: "admin", name: "组委会", role: "ADMIN", password: PASSWORD });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1024, height = 800): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height }, acceptDownloads: true })).newPage();
}

/** Nothing wider than the screen: no sideways scrolling, nothing cut off. */
async function expectNoOverflow(page: Page): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner ?? 0);
}

describe("the question bank in the browser", () => {
  it("imports a bank through the page and assembles a theory section by rule, in zh and en", async () => {
    const page = await newPage();
    await signIn(page, stack.baseUrl, "admin", PASSWORD);
    await page.getByTestId("admin-page").waitFor();
    await page.getByTestId("tab-bank").click();
    await page.getByTestId("bank-section").getByText("知识点 × 题型").waitFor();

    // The template downloads, with its Chinese/English headers.
    const [template] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("bank-template-csv").click(),
    ]);
    expect(template.suggestedFilename()).toBe("题库导入模板.csv");
    const templateText = await readFile((await template.path()) as string, "utf8");
    expect(templateText).toContain("编号 code,题型 kind");
    expect(templateText.split("\r\n").filter((l) => l !== "")).toHaveLength(4);

    // A sheet with a bad row: refused, the row marked with its reason, nothing written.
    await page.getByTestId("bank-file").setInputFiles({
      name: "题库.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        `${HEADER}\r\nX-1,单选,图像标注,好题,甲,乙,,,A,1\r\nX-2,单选,图像标注,坏题,甲,乙,,,E,1\r\n`,
      ),
    });
    await page.getByTestId("bank-check").click();
    await page.getByTestId("bank-import-refused").waitFor();
    expect(await page.getByTestId("bank-report-row-3").getAttribute("data-outcome")).toBe("refused");
    expect(await page.getByTestId("bank-report-row-3").textContent()).toContain("E is not among the options");
    expect(await page.getByTestId("bank-report-row-2").getAttribute("data-outcome")).toBe("created");
    expect(await page.getByTestId("bank-import-confirm").isDisabled()).toBe(true);
    expect(await stack.db.bankQuestion.count()).toBe(0);
    await screenshot(page, "bank-01-refused");

    // A good sheet: checked first (nothing written), then imported.
    await page.getByTestId("bank-file").setInputFiles({
      name: "题库.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(bankCsv()),
    });
    await page.getByTestId("bank-check").click();
    await page.getByTestId("bank-import-summary").getByText("预检通过").waitFor();
    expect(await stack.db.bankQuestion.count()).toBe(0);
    await page.getByTestId("bank-import-confirm").click();
    await page.getByTestId("bank-import-summary").getByText("已导入：新增 15 题").waitFor();
    expect(await stack.db.bankQuestion.count()).toBe(15);
    await page.getByTestId("bank-topic-图像标注").waitFor();
    expect(await page.getByTestId("bank-topic-图像标注").textContent()).toContain("4");
    await page.getByTestId("bank-q-E-M1").waitFor();
    await page.getByTestId("bank-filter-kind").selectOption("TRUE_FALSE");
    await expect.poll(() => page.locator("[data-testid^=bank-q-]").count()).toBe(4);
    await expectNoOverflow(page);
    await screenshot(page, "bank-02-imported-zh");

    // In English, the same page reads in English and still fits.
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("bank-section").getByText("Topics × kinds").waitFor();
    await expectNoOverflow(page);
    await screenshot(page, "bank-03-imported-en");

    // The paper's page: the theory section assembled by rule.
    await page.goto(`${stack.baseUrl}/admin/papers/${paperId}`);
    const assembler = page.getByTestId("theory-assembler");
    await assembler.waitFor();
    await assembler.getByText("Theory section (from the bank)").waitFor();
    await page.getByTestId("draw-0-available").getByText("8 available").waitFor();
    await page.getByTestId("draw-0-count").fill("3");
    await page.getByTestId("draw-0-points").fill("0.5");
    await page.getByTestId("draw-0-topic-图像标注").check();
    await page.getByTestId("draw-0-available").getByText("4 available").waitFor();
    await page.getByTestId("draw-add").click();
    await page.getByTestId("draw-1-kind").selectOption("TRUE_FALSE");
    await page.getByTestId("draw-1-count").fill("2");
    await page.getByTestId("theory-seed").fill("2026");
    await expectNoOverflow(page);
    await page.getByTestId("theory-submit").click();
    await page.getByTestId("theory-done").waitFor();
    await page.getByTestId("theory-count").getByText("5 questions, 3.5 points").waitFor();
    expect(await page.getByTestId("theory-assembly").textContent()).toContain("seed 2026");
    const section = await stack.db.section.findFirstOrThrow({
      where: { paperId, kind: "THEORY" },
      include: { questions: { include: { bankQuestion: true } } },
    });
    expect(section.shuffle).toBe(true);
    expect(section.questions).toHaveLength(5);
    expect(
      section.questions
        .filter((q) => q.kind === "SINGLE_CHOICE")
        .every((q) => q.bankQuestion?.topic === "图像标注"),
    ).toBe(true);
    await screenshot(page, "bank-04-assembled-en");

    // Too many asked of one draw: BANK_SHORT beside that draw, and nothing changed.
    await page.getByTestId("draw-1-count").fill("9");
    await page.getByTestId("theory-submit").click();
    await page.getByTestId("draw-1-short").getByText("9 wanted, only 4 available").waitFor();
    await page.getByTestId("theory-bank-short").waitFor();
    expect(await page.getByTestId("draw-0-short").count()).toBe(0);
    expect(await stack.db.question.count({ where: { sectionId: section.id } })).toBe(5);
    await expectNoOverflow(page);

    // Back in Chinese: the same section, and still nothing cut off.
    await page.getByTestId("lang-switch").click();
    await assembler.getByText("理论部分（从题库组卷）").waitFor();
    await page.getByTestId("theory-count").getByText("5 题，共 3.5 分").waitFor();
    await page.getByTestId("draw-1-short").getByText("只有 4 题可抽").waitFor();
    await expectNoOverflow(page);
    await screenshot(page, "bank-05-short-zh");

    // A paper a session has begun with: shown, not changeable.
    await page.goto(`${stack.baseUrl}/admin/papers/${frozenPaperId}`);
    await page.getByTestId("theory-read-only").waitFor();
    expect(await page.getByTestId("theory-form").count()).toBe(0);
    await expectNoOverflow(page);
  });
});
