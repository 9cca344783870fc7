// End to end in Chromium, the judges' review and appeals (issue 10): a contestant answers and
// submits; the worker scores; the judge finds the session on their landing page, opens the
// attempt's review (the truth drawn over the image with its legend, each item's line), adjusts an
// item with a reason and sees the new version with the changed line, then withdraws it; the host
// releases; the contestant appeals an item and a question on their result page; the judge accepts
// the item's on the appeals page with a new share and rejects the question's on the review; the
// contestant's result then shows both answers, the judges' adjustment and the new score, and the
// host's rankings export carries it; the judge downloads the session's answers as COCO. zh and en at 1024 px. And a paper
// of every other kind: shapes drawn over their images, text, labels and tables side by side.
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromCoco } from "../../core/formats/coco.ts";
import { buildExam, createContestant, createStaff } from "../../prisma/seed/builders.ts";
import { cleanTableAnswer, demoTask } from "../../prisma/seed/tasks.ts";
import type { TaskKind } from "../../protocol/index.ts";
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
  const regionId = fx.regionId ?? undefined;
  await createStaff(stack.db, {
    username: "host1",
    name: "承办方",
    role: "REGION_HOST",
    regionId,
    password: PASSWORD,
  });
  await createStaff(stack.db, {
    username: "judge1",
    name: "裁判甲",
    role: "JUDGE",
    regionId,
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

/** The attempt's current score version, once the worker has written version `atLeast`. */
async function scoredVersion(attemptId: string, atLeast: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const attempt = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    const v = await stack.db.scoreVersion.findFirst({ where: { attemptId, current: true } });
    if (attempt.status === "SCORED" && v && v.version >= atLeast) return v;
    if (Date.now() > deadline) throw new Error(`version ${atLeast} was not written in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the judges' review and appeals", () => {
  it("adjusts an item, then answers a contestant's appeal, each a new score version", async () => {
    const contestant = fx.contestants[0] as ExamFixture["contestants"][number];
    const attemptId = contestant.attemptId;
    const item1 = fx.items[0] as ExamFixture["items"][number];
    const item2 = fx.items[1] as ExamFixture["items"][number];

    // --- The contestant sits the exam: one question, two boxes on item 1, then submits ---
    const page = await newPage();
    await signIn(page, stack.baseUrl, contestant.ticket, PASSWORD);
    await page.getByTestId("start-attempt").first().click();
    await page.getByTestId("exam").waitFor();
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
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
    const v1 = await scoredVersion(attemptId, 1);

    // --- The judge: landing page → the session → the attempt's review ---
    const judge = await newPage();
    await signIn(judge, stack.baseUrl, "judge1", PASSWORD);
    await judge.getByTestId("judge-page").waitFor();
    const sessionCard = judge.getByTestId(`review-session-${fx.sessionId}`);
    await sessionCard.waitFor();
    expect(await sessionCard.textContent()).toContain("已评分 1");
    expect(await judge.getByTestId("judge-appeals-link").getAttribute("data-open")).toBe("0");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-00-landing-zh");
    await judge.getByTestId(`review-session-link-${fx.sessionId}`).click();
    await judge.getByTestId(`attempt-row-${attemptId}`).waitFor();
    expect(await judge.getByTestId(`attempt-row-${attemptId}`).textContent()).toContain("Contestant 1");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-01-session-zh");
    await judge.getByTestId(`attempt-link-${attemptId}`).click();
    await judge.getByTestId("review-head").waitFor();
    expect(new URL(judge.url()).pathname).toBe(`/judge/attempts/${attemptId}`);
    expect(await judge.getByTestId("review-contestant").textContent()).toBe("Contestant 1");
    expect(Number(await judge.getByTestId("review-total").getAttribute("data-value"))).toBeCloseTo(
      v1.total,
      4,
    );

    // Item 1: the truth and the answer drawn over the image, the legend and the line.
    const card1 = judge.getByTestId("review-item-1-1");
    await card1.getByTestId("overlay-legend").waitFor();
    const legend = await card1.getByTestId("overlay-legend").textContent();
    expect(legend).toContain("匹配");
    expect(legend).toContain("遗漏");
    expect(legend).toContain("多标");
    const drawn = await card1.locator("g[data-status]").count();
    expect(drawn).toBeGreaterThanOrEqual(2); // the two boxes, matched or extra, and the truth
    const line1 = card1.getByTestId("item-line");
    expect(await line1.textContent()).toMatch(/得分率 [\d.]+% · 命中 \d+ · 多标 \d+ · 遗漏 \d+/);
    const before = Number(await line1.getAttribute("data-score"));
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-02-review-zh");

    // --- The judge adjusts item 1 with a reason: a new version with the changed line ---
    const target = before >= 0.995 ? 0 : 100;
    await card1.getByTestId(`adjust-item-${item1.id}`).click();
    await card1.getByTestId(`adjust-submit-item-${item1.id}`).click();
    await card1.getByRole("alert").first().waitFor(); // the share and the reason are required
    await card1.getByTestId(`adjust-share-item-${item1.id}`).fill(String(target));
    await card1.getByTestId(`adjust-reason-item-${item1.id}`).fill("复核：标注框与目标吻合");
    await card1.getByTestId(`adjust-submit-item-${item1.id}`).click();
    // 202: the attempt is back to scoring; the page says so until the new version arrives.
    await judge.getByTestId("review-rescoring").waitFor();
    expect(await judge.getByTestId("review-status").textContent()).toBe("评分中");
    await expect
      .poll(() => judge.getByTestId("review-totals").getAttribute("data-version"), { timeout: 30_000 })
      .toBe("2");
    await expect.poll(() => judge.getByTestId("review-status").textContent()).toBe("已评分");
    expect(await judge.getByTestId("review-rescoring").count()).toBe(0);
    const changed = card1.getByTestId("item-changed");
    await changed.waitFor();
    expect(await changed.textContent()).toContain(`→ ${target}%`);
    expect(await card1.getByTestId("item-adjusted").textContent()).toContain("复核：标注框与目标吻合");
    expect(await judge.getByTestId("version-picker").locator("option").count()).toBe(2);
    const v2 = await scoredVersion(attemptId, 2);
    expect(Number(await judge.getByTestId("review-total").getAttribute("data-value"))).toBeCloseTo(
      v2.total,
      4,
    );
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-03-adjusted-zh");

    // Withdrawn, the scorer's figure counts again: version 3, the line back where it was.
    await card1.getByTestId(`adjust-item-${item1.id}`).click();
    expect(await card1.getByTestId(`adjust-share-item-${item1.id}`).inputValue()).toBe(String(target));
    await card1.getByTestId(`adjust-withdraw-item-${item1.id}`).check();
    await card1.getByTestId(`adjust-reason-item-${item1.id}`).fill("撤销：按评分程序结果");
    await card1.getByTestId(`adjust-submit-item-${item1.id}`).click();
    await expect
      .poll(() => judge.getByTestId("review-totals").getAttribute("data-version"), { timeout: 30_000 })
      .toBe("3");
    await expect.poll(() => card1.getByTestId("item-line").getAttribute("data-score")).toBe(String(before));
    expect(await card1.getByTestId("item-changed").textContent()).toContain(`${target}% →`);
    expect(await card1.getByTestId("item-adjusted").count()).toBe(0);
    expect(await card1.getByTestId("adjustment-in-force").count()).toBe(0);
    const v3 = await scoredVersion(attemptId, 3);
    expect(v3.total).toBeCloseTo(v1.total, 4);

    // The old versions are still there to look at.
    await judge.getByTestId("version-picker").selectOption("1");
    await expect.poll(() => judge.getByTestId("review-totals").getAttribute("data-version")).toBe("1");
    await judge.getByTestId("viewing-old").waitFor();
    await judge.getByTestId("version-picker").selectOption("3");
    await expect.poll(() => judge.getByTestId("review-totals").getAttribute("data-version")).toBe("3");
    expect(await judge.getByTestId("viewing-old").count()).toBe(0);

    // --- The host releases the session (through the API) ---
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.waitForURL((u) => !u.pathname.startsWith("/login"));
    const released = await host.evaluate(
      async ({ regionId, sessionId }) => {
        const res = await fetch(`/api/regions/${regionId}/sessions/${sessionId}/release`, {
          method: "POST",
          credentials: "include",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        });
        return res.status;
      },
      { regionId: fx.regionId, sessionId: fx.sessionId },
    );
    expect(released).toBe(200);

    // After the release the judge may no longer adjust: the review says why.
    await judge.reload();
    await judge.getByTestId("review-locked").waitFor();
    expect(await judge.getByTestId("review-locked").getAttribute("data-code")).toBe("RESULTS_RELEASED");
    expect(await card1.getByTestId(`adjust-item-${item1.id}`).isDisabled()).toBe(true);

    // --- The contestant appeals item 2 on their result page ---
    await page.goto(`${stack.baseUrl}/results/${attemptId}`);
    await page.getByTestId("result-total").waitFor();
    const window = page.getByTestId("appeal-window");
    await window.waitFor();
    expect(await window.getAttribute("data-open")).toBe("true");
    expect(await window.textContent()).toContain("申诉截止时间");
    const totalBefore = Number(await page.getByTestId("result-total").getAttribute("data-total"));
    expect(totalBefore).toBeCloseTo(v3.total, 4);
    await page.getByTestId(`appeal-open-item-${item2.id}`).click();
    await page.getByTestId(`appeal-submit-item-${item2.id}`).click();
    await page.getByText("请填写申诉理由。").waitFor();
    await page
      .getByTestId(`appeal-message-item-${item2.id}`)
      .fill("第 2 项的目标我认为已经全部标出，请复核。");
    await page.getByTestId(`appeal-submit-item-${item2.id}`).click();
    const status = page.getByTestId(`appeal-status-item-${item2.id}`);
    await status.waitFor();
    expect(await status.getAttribute("data-status")).toBe("OPEN");
    expect(await status.textContent()).toContain("申诉处理中");
    // One appeal per item: item 2 has no button any more, item 1 still has one.
    expect(await page.getByTestId(`appeal-open-item-${item2.id}`).count()).toBe(0);
    expect(await page.getByTestId(`appeal-open-item-${item1.id}`).count()).toBe(1);
    // And question 3 (answered wrong).
    const question3 = fx.questions[2] as ExamFixture["questions"][number];
    await page.getByTestId(`appeal-open-question-${question3.id}`).click();
    await page.getByTestId(`appeal-message-question-${question3.id}`).fill("题目表述有歧义。");
    await page.getByTestId(`appeal-submit-question-${question3.id}`).click();
    await page.getByTestId(`appeal-status-question-${question3.id}`).waitFor();
    await expectNoOverflow(page);
    await screenshot(page, "judging-04-appeal-filed-zh");

    // --- The judge accepts it on the appeals page ---
    await judge.goto(`${stack.baseUrl}/judge`);
    await expect.poll(() => judge.getByTestId("judge-appeals-link").getAttribute("data-open")).toBe("2");
    await judge.getByTestId("judge-appeals-link").click();
    await judge.getByTestId("judge-appeals-page").waitFor();
    const rows = judge.locator("[data-testid^=appeal-row-]");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const row = rows.filter({ hasText: "任务 1 第 2 项" });
    const rowText = await row.first().textContent();
    expect(rowText).toContain("Contestant 1");
    expect(rowText).toContain("任务 1 第 2 项");
    expect(rowText).toContain("第 2 项的目标我认为已经全部标出");
    const appealId = (await row.first().getAttribute("data-testid"))?.replace("appeal-row-", "") ?? "";
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-05-appeals-zh");
    await judge.getByTestId(`appeal-accept-${appealId}`).check();
    await judge.getByTestId(`appeal-share-${appealId}`).fill("100");
    await judge.getByTestId(`appeal-reason-${appealId}`).fill("复核属实，按满分计");
    await judge.getByTestId(`appeal-submit-${appealId}`).click();
    await expect.poll(() => rows.count()).toBe(1); // only the question's is open now
    expect(await rows.first().textContent()).toContain("第 3 题");
    await judge.getByTestId("appeals-status").selectOption("ACCEPTED");
    await judge.getByTestId(`appeal-row-${appealId}`).waitFor();
    expect(await judge.getByTestId(`appeal-answer-${appealId}`).textContent()).toContain(
      "复核属实，按满分计",
    );
    const v4 = await scoredVersion(attemptId, 4);
    expect(v4.total).toBeGreaterThanOrEqual(v3.total);

    // The judge rejects the question's appeal on the review itself.
    await judge.goto(`${stack.baseUrl}/judge/attempts/${attemptId}`);
    const q3 = judge.getByTestId("review-question-3");
    const q3Appeal = q3.locator("[data-testid^=appeal-form-]");
    await q3Appeal.waitFor();
    const q3AppealId = (await q3Appeal.getAttribute("data-testid"))?.replace("appeal-form-", "") ?? "";
    await q3.getByTestId(`appeal-reject-${q3AppealId}`).check();
    expect(await q3.getByTestId(`appeal-share-${q3AppealId}`).count()).toBe(0); // no share to give
    await q3.getByTestId(`appeal-reason-${q3AppealId}`).fill("题意明确，维持原判");
    await q3.getByTestId(`appeal-submit-${q3AppealId}`).click();
    await q3.getByTestId(`appeal-answer-${q3AppealId}`).waitFor();
    expect(await q3.getByTestId(`appeal-answer-${q3AppealId}`).textContent()).toContain("已驳回");
    expect(await judge.getByTestId("review-totals").getAttribute("data-version")).toBe("4");

    // --- The contestant sees the appeal accepted and the new score ---
    await page.reload();
    await page.getByTestId("result-total").waitFor();
    await expect
      .poll(() => page.getByTestId(`appeal-status-item-${item2.id}`).getAttribute("data-status"))
      .toBe("ACCEPTED");
    expect(await page.getByTestId(`appeal-status-item-${item2.id}`).textContent()).toContain(
      "复核属实，按满分计",
    );
    expect(Number(await page.getByTestId("result-total").getAttribute("data-total"))).toBeCloseTo(
      v4.total,
      4,
    );
    expect(Number(await page.getByTestId("result-item-1-2").getAttribute("data-score"))).toBe(1);
    expect(await page.getByTestId("result-item-1-2").textContent()).toContain("100%");
    const q3Status = page.getByTestId(`appeal-status-question-${question3.id}`);
    expect(await q3Status.getAttribute("data-status")).toBe("REJECTED");
    expect(await q3Status.textContent()).toContain("题意明确，维持原判");
    await expectNoOverflow(page);
    await screenshot(page, "judging-06-appeal-accepted-zh");

    // --- In English, at 1024 px ---
    await page.getByTestId("lang-switch").click();
    await expect
      .poll(() => page.getByTestId(`appeal-status-item-${item2.id}`).textContent())
      .toContain("Appeal accepted");
    expect(await page.getByTestId("appeal-window").textContent()).toContain("Appeals close");
    await expectNoOverflow(page);
    await screenshot(page, "judging-07-appeal-accepted-en");

    await judge.goto(`${stack.baseUrl}/judge/attempts/${attemptId}`);
    await judge.getByTestId("review-head").waitFor();
    await judge.getByTestId("lang-switch").click();
    await expect
      .poll(() => judge.getByTestId("review-item-1-1").getByTestId("overlay-legend").textContent())
      .toContain("Matched");
    await expect.poll(() => judge.getByTestId("review-totals").getAttribute("data-version")).toBe("4");
    expect(
      await judge.getByTestId("review-item-1-2").getByTestId(`appeal-answer-${appealId}`).textContent(),
    ).toContain("Accepted");
    expect(await judge.getByTestId("review-item-1-2").getByTestId("item-line").textContent()).toContain(
      "Score 100%",
    );
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-08-review-en");
    await judge.goto(`${stack.baseUrl}/judge/sessions/${fx.sessionId}`);
    await judge.getByTestId(`attempt-row-${attemptId}`).waitFor();
    await judge.getByTestId("rescore-locked").waitFor();
    expect(await judge.getByTestId("rescore-submit").isDisabled()).toBe(true);
    expect(await judge.getByTestId("rescore-locked").getAttribute("data-code")).toBe("RESULTS_RELEASED");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-09-session-en");
    // The judge downloads the session's answers of task 1 as COCO: the two boxes drawn on item 1.
    const exportPanel = judge.getByTestId("export-panel");
    await exportPanel.getByText("Export annotations").waitFor();
    await judge.getByTestId("export-format").selectOption("coco");
    const [coco] = await Promise.all([
      judge.waitForEvent("download"),
      judge.getByTestId("export-download").click(),
    ]);
    expect(coco.suggestedFilename()).toMatch(/^task-1-answers-.+-coco\.json$/);
    const exportedCoco = fromCoco(await readFile(await coco.path(), "utf8"));
    if (!exportedCoco.ok) throw new Error(JSON.stringify(exportedCoco.problems));
    const firstImage = exportedCoco.value.images.find((i) => i.file === `${contestant.ticket}/1.png`);
    expect(firstImage?.boxes).toHaveLength(2);
    await judge.getByRole("link", { name: "Appeals" }).click();
    await judge.getByTestId("judge-appeals-page").waitFor();
    await judge.getByTestId("appeals-none").waitFor(); // none open
    await judge.getByTestId("appeals-status").selectOption("");
    await judge.getByTestId(`appeal-row-${appealId}`).waitFor();
    expect(await judge.getByTestId(`appeal-subject-${appealId}`).textContent()).toBe("Task 1, item 2");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-09b-appeals-en");

    // The contestant's item 2 says the judges changed it, from what and why.
    const adjustedNote = page.getByTestId("result-item-1-2").getByTestId("result-adjusted");
    expect(await adjustedNote.textContent()).toContain("Adjusted by the judges");
    expect(await adjustedNote.textContent()).toContain("复核属实，按满分计");
    expect(await page.getByTestId("result-item-1-1").getByTestId("result-adjusted").count()).toBe(0);

    // --- The host exports the rankings: the contestant's row carries the total after the appeal ---
    await host.goto(`${stack.baseUrl}/host/${fx.regionId}/rankings`);
    // The fixture's contestants are students. The view has loaded once the contestant's row shows;
    // the export link then carries the stage and the group.
    const { stageId } = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    await host.getByTestId("rankings-stage").selectOption(stageId);
    await expect.poll(() => host.getByTestId("rankings-stage").inputValue()).toBe(stageId);
    await host.getByTestId("rankings-group-STUDENT").click();
    await host.getByTestId(`ranking-row-${fx.contestants[0]?.ticket}`).waitFor();
    const [download] = await Promise.all([
      host.waitForEvent("download"),
      host.getByTestId("export-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(2).value).toBe("姓名 Name");
    const ticket = fx.contestants[0]?.ticket;
    expect(await host.getByTestId(`ranking-row-${ticket}`).getAttribute("data-rank")).toBe("1");
    let exported: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(3).value === ticket) exported = r;
    });
    expect(exported?.getCell(1).value).toBe(1);
    expect(exported?.getCell(2).value).toBe("Contestant 1");
    expect(Number(exported?.getCell(9).value)).toBeCloseTo(v4.total, 2);
  });
});

/** An answer a little off the truth: one shape left out and one extra, a changed word, a changed cell. */
function answerFor(kind: TaskKind, truth: Record<string, unknown>): unknown {
  const list = (k: string) => (truth[k] as Record<string, unknown>[] | undefined) ?? [];
  switch (kind) {
    case "POLYGONS":
      return {
        polygons: [
          ...list("polygons").slice(1),
          {
            id: "extra-poly",
            label: list("polygons")[0]?.label,
            points: [
              [5, 5],
              [60, 5],
              [5, 60],
            ],
          },
        ],
      };
    case "POINTS":
      return {
        points: [...list("points").slice(1), { id: "extra-pt", label: list("points")[0]?.label, x: 3, y: 3 }],
      };
    case "KEYPOINTS":
      return { instances: list("instances").map(({ area: _a, ...rest }) => rest) };
    case "IMAGE_CLASSIFICATION":
    case "TEXT_CLASSIFICATION":
      return { labels: [] };
    case "TEXT_SPANS":
      return { spans: list("spans").slice(1) };
    case "TRANSCRIPTION":
      return { text: `${String(truth.text ?? "")}9` };
    case "TABLE": {
      const t = cleanTableAnswer();
      const first = t.rows[0] as string[];
      return { ...t, rows: [[...first.slice(0, -1), "99"], ...t.rows.slice(1)] };
    }
    default:
      return truth;
  }
}

describe("the review of every kind of task", () => {
  it("draws shapes over images and puts texts, labels and tables side by side, at 1024 px", async () => {
    const kinds = [
      "POLYGONS",
      "POINTS",
      "KEYPOINTS",
      "IMAGE_CLASSIFICATION",
      "TEXT_SPANS",
      "TEXT_CLASSIFICATION",
      "TRANSCRIPTION",
      "TABLE",
    ] as const;
    const exam = await buildExam(stack.db, {
      regionId: fx.regionId,
      sessionName: "Kinds session",
      startsAt: new Date(Date.now() - 60_000),
      durationMinutes: 90,
      questions: [],
      tasks: kinds.map((k) => demoTask(k, 1)),
    });
    const c = await createContestant(stack.db, {
      stageId: exam.stageId,
      sessionId: exam.sessionId,
      ticketNumber: "T-101",
      password: PASSWORD,
      name: "Contestant K",
      seat: "K1",
    });
    const answers = exam.items.map((it) => ({
      id: it.id,
      data: answerFor(it.kind, it.groundTruth as Record<string, unknown>),
    }));

    // The contestant saves the answers and submits, through the API.
    const page = await newPage();
    await signIn(page, stack.baseUrl, "T-101", PASSWORD);
    await page.getByTestId("lobby").waitFor();
    const statuses = await page.evaluate(
      async ({ attemptId, answers }) => {
        const call = async (method: string, path: string, body?: unknown) =>
          (
            await fetch(`/api${path}`, {
              method,
              credentials: "include",
              headers: { "Content-Type": "application/json" },
              body: body === undefined ? "{}" : JSON.stringify(body),
            })
          ).status;
        const out = [await call("POST", `/attempts/${attemptId}/start`)];
        for (const a of answers)
          out.push(
            await call("PUT", `/attempts/${attemptId}/answers`, {
              target: { kind: "item", id: a.id },
              revision: 1,
              data: a.data,
            }),
          );
        out.push(await call("POST", `/attempts/${attemptId}/submit`));
        return out;
      },
      { attemptId: c.attemptId, answers },
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await scoredVersion(c.attemptId, 1);

    const judge = await newPage();
    await signIn(judge, stack.baseUrl, "judge1", PASSWORD);
    await judge.getByTestId("judge-page").waitFor();
    await judge.goto(`${stack.baseUrl}/judge/attempts/${c.attemptId}`);
    await judge.getByTestId("review-head").waitFor();
    const task = (kind: (typeof kinds)[number]) =>
      judge
        .getByTestId(`review-task-${kinds.indexOf(kind) + 1}`)
        .getByTestId(`review-item-${kinds.indexOf(kind) + 1}-1`);

    // Shapes: one truth shape missed (orange), one extra (red), the others matched with their IoU.
    for (const kind of ["POLYGONS", "POINTS"] as const) {
      const item = task(kind);
      await item.getByTestId("overlay-legend").waitFor();
      expect(await item.getByTestId("legend-missed").getAttribute("data-count")).toBe("1");
      expect(await item.getByTestId("legend-extra").getAttribute("data-count")).toBe("1");
      expect(await item.locator('g[data-status="extra"]').count()).toBe(1);
    }
    const skeleton = task("KEYPOINTS");
    await skeleton.getByTestId("overlay-legend").waitFor();
    expect(Number(await skeleton.getByTestId("legend-matched").getAttribute("data-count"))).toBeGreaterThan(
      0,
    );
    expect(await skeleton.getByTestId("legend-missed").getAttribute("data-count")).toBe("0");
    // Classification: the image and the labels the answer lacks.
    await task("IMAGE_CLASSIFICATION").getByTestId("diff-labels").waitFor();
    expect(await task("IMAGE_CLASSIFICATION").locator(".diff-missing").count()).toBeGreaterThan(0);
    await task("TEXT_CLASSIFICATION").getByTestId("diff-labels").waitFor();
    // Spans: the one left out is marked missing.
    const spans = task("TEXT_SPANS").getByTestId("diff-spans");
    await spans.waitFor();
    expect(await spans.locator("tr.diff-row-missing").count()).toBe(1);
    await task("TEXT_SPANS").getByTestId("source-text").waitFor();
    expect(await task("TRANSCRIPTION").locator("audio").count()).toBe(1);
    // Transcription: the extra digit is marked in the answer.
    const text = task("TRANSCRIPTION").getByTestId("diff-text");
    await text.waitFor();
    expect(await text.locator(".diff-extra").textContent()).toBe("9");
    // Table: the changed cell is marked on both sides.
    const table = task("TABLE").getByTestId("diff-table");
    await table.waitFor();
    expect(await table.locator("td.diff-extra").textContent()).toBe("99");
    expect(await table.locator("td.diff-missing").count()).toBe(1);
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-10-kinds-zh");
    await judge.getByTestId("lang-switch").click();
    await expect.poll(() => spans.textContent()).toContain("missing from the answer");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-11-kinds-en");

    // --- The committee corrects the transcript's truth on the review; the judge re-scores ---
    // Judges see no truth editor: the paper is national.
    expect(await judge.locator("[data-testid^=truth-open-]").count()).toBe(0);
    const transcript = exam.items.find((it) => it.kind === "TRANSCRIPTION");
    if (!transcript) throw new Error("no transcription item");
    const admin = await newPage();
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.waitForURL((u) => !u.pathname.startsWith("/login"));
    await admin.goto(`${stack.baseUrl}/judge/attempts/${c.attemptId}`);
    await admin.getByTestId(`truth-open-${transcript.id}`).click();
    const field = admin.getByTestId(`truth-data-${transcript.id}`);
    // Not JSON: refused on the page, nothing sent.
    await field.fill("{ text: ");
    await admin.getByTestId(`truth-reason-${transcript.id}`).fill("录音末尾还有一个数字");
    await admin.getByTestId(`truth-submit-${transcript.id}`).click();
    await admin.getByText("不是有效的 JSON", { exact: false }).waitFor();
    // Valid JSON the scorer cannot read: the server's refusal is shown, the truth unchanged.
    await field.fill(JSON.stringify({ text: 42 }));
    await admin.getByTestId(`truth-submit-${transcript.id}`).click();
    await admin.getByTestId(`truth-error-${transcript.id}`).waitFor();
    const stored = await stack.db.groundTruth.findUniqueOrThrow({ where: { itemId: transcript.id } });
    expect(stored.data).toEqual(transcript.groundTruth);
    // The contestant's extra digit was right after all.
    const corrected = {
      ...(transcript.groundTruth as object),
      text: `${String((transcript.groundTruth as { text: string }).text)}9`,
    };
    await field.fill(JSON.stringify(corrected));
    await admin.getByTestId(`truth-submit-${transcript.id}`).click();
    await admin.getByTestId(`truth-saved-${transcript.id}`).waitFor();
    expect((await stack.db.groundTruth.findUniqueOrThrow({ where: { itemId: transcript.id } })).data).toEqual(
      corrected,
    );

    judge.on("dialog", (d) => void d.accept());
    await judge.goto(`${stack.baseUrl}/judge/sessions/${exam.sessionId}`);
    await judge.getByTestId("rescore-reason").fill("标准答案已更正");
    await judge.getByTestId("rescore-submit").click();
    await judge.getByTestId("rescore-done").waitFor();
    await scoredVersion(c.attemptId, 2);
    await judge.goto(`${stack.baseUrl}/judge/attempts/${c.attemptId}`);
    await expect.poll(() => judge.getByTestId("review-totals").getAttribute("data-version")).toBe("2");
    const changed = task("TRANSCRIPTION");
    expect(await changed.getByTestId("item-line").getAttribute("data-score")).toBe("1");
    await changed.getByTestId("item-changed").waitFor();
    expect(await task("TABLE").getByTestId("item-changed").count()).toBe(0);
    await screenshot(judge, "judging-12-truth-corrected-en");
  });
});

describe("what proctors reported (issue 12)", () => {
  it("shows a reported badge and filter on the session, a red panel and the incidents on the review", async () => {
    // The report is written as the proctor's socket writes it (test/integration/judging-reports.test.ts
    // goes through the socket itself); this test is about what the judge's pages show.
    const attemptId = (fx.contestants[0] as ExamFixture["contestants"][number]).attemptId;
    const session = await stack.db.examSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    const quiet = await createContestant(stack.db, {
      stageId: session.stageId,
      sessionId: fx.sessionId,
      ticketNumber: "T-050",
      password: PASSWORD,
      name: "安静的选手",
    });
    const now = Date.now();
    await stack.db.incident.createMany({
      data: [
        { attemptId, kind: "tab-hidden", at: new Date(now - 60_000), details: { hiddenMs: 1500 } },
        { attemptId, kind: "paste", at: new Date(now - 30_000), details: {} },
        {
          attemptId,
          kind: "proctor-report",
          at: new Date(now),
          details: {
            reason: "桌下看手机",
            note: "靠窗座位，十分钟内两次",
            reporterId: "p",
            reporterName: "监考乙",
          },
        },
      ],
    });

    const judge = await newPage();
    await signIn(judge, stack.baseUrl, "judge1", PASSWORD);
    await judge.waitForURL((u) => !u.pathname.startsWith("/login"));
    await judge.goto(`${stack.baseUrl}/judge/sessions/${fx.sessionId}`);
    await judge.getByTestId(`attempt-row-${quiet.attemptId}`).waitFor();
    expect(await judge.getByTestId(`attempt-reports-${attemptId}`).textContent()).toBe("1");
    await judge.getByTestId("attempts-reported").selectOption("reported");
    await expect.poll(() => judge.getByTestId(`attempt-row-${quiet.attemptId}`).count()).toBe(0);
    expect(await judge.getByTestId(`attempt-row-${attemptId}`).count()).toBe(1);
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-13-reported-filter-zh");

    await judge.getByTestId(`attempt-link-${attemptId}`).click();
    const panel = judge.getByTestId("review-reports");
    await panel.waitFor();
    expect(await panel.textContent()).toContain("监考已报告裁判（1 次）");
    expect(await panel.getByTestId("review-report-reason").textContent()).toBe("桌下看手机");
    expect(await panel.getByTestId("review-report-note").textContent()).toBe("靠窗座位，十分钟内两次");
    expect(await panel.textContent()).toContain("监考乙");
    // The panel comes before the attempt's summary.
    expect(
      await judge.evaluate(() => {
        const a = document.querySelector("[data-testid=review-reports]");
        const b = document.querySelector("[data-testid=review-head]");
        return a && b ? Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) : false;
      }),
    ).toBe(true);
    const incidents = judge.getByTestId("review-incidents");
    expect(await incidents.getAttribute("open")).toBeNull();
    await incidents.locator("summary").click();
    await judge.getByTestId("incidents-table").waitFor();
    expect(await incidents.locator("summary").textContent()).toBe("考场事件（2 条）");
    expect(await judge.getByTestId("incident-count-tab-hidden").textContent()).toBe("切换到其他标签页 × 1");
    expect(await judge.getByTestId("incidents-table").textContent()).toContain("hiddenMs: 1500");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-14-reported-review-zh");

    await judge.getByTestId("lang-switch").click();
    await expect.poll(() => panel.locator("h2").textContent()).toBe("Reported by a proctor (1)");
    expect(await judge.getByTestId("incident-count-paste").textContent()).toBe("Pasted × 1");
    await expectNoOverflow(judge);
    await screenshot(judge, "judging-14-reported-review-en");

    // An attempt nobody reported: no panel.
    await judge.goto(`${stack.baseUrl}/judge/attempts/${quiet.attemptId}`);
    await judge.getByTestId("review-head").waitFor();
    expect(await judge.getByTestId("review-reports").count()).toBe(0);
    expect(await judge.getByTestId("review-incidents").locator("summary").textContent()).toBe(
      "Incidents (0)",
    );
  });
});
