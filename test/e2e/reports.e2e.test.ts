// End to end in Chromium, the regional report and advancement of issue 10: region 1's scored
// sittings inserted straight into the database; the host cannot submit while the session is not
// released, releases it, is refused while the appeal window is open (the reason shown), the
// committee sets the window to 0 minutes in the contest form, and the host submits and sees the
// report locked with its certificate lists; the committee sees region 1 submitted among the 20,
// opens the snapshot, previews advancement with a quota (and an exception), enrols the finalists
// and reads the finalists' XLSX back; then reopens the report with a reason, which the host sees.
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExam, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let browser: Browser;
let regionId: string;
let contestId: string;
let stageId: string;
let finalStageId: string;

const CONTEST = "人工智能训练师大赛 2026";
const STAGE = "北京赛区预赛";
const FINAL = "全国总决赛";
const SESSION = "第一场";
const ORG = "北京信息职业技术学院";

const PEOPLE = [
  { ticket: "E001", name: "张伟", group: "EMPLOYEE", team: "星火队", theory: 27, practical: 63 },
  { ticket: "E002", name: "李娜", group: "EMPLOYEE", team: "星火队", theory: 20, practical: 60 },
  { ticket: "E003", name: "王芳", group: "EMPLOYEE", team: null, theory: 18, practical: 50 },
  { ticket: "S001", name: "周杰", group: "STUDENT", team: "未来队", theory: 25, practical: 60 },
  { ticket: "S002", name: "吴倩", group: "STUDENT", team: "未来队", theory: 24, practical: 51 },
] as const;

beforeAll(async () => {
  stack = await startStack();
  const regions = await upsertRegions(stack.db);
  regionId = regions.get(1) as string;
  const db = stack.db;
  const startsAt = new Date(Date.now() - 3 * 3600_000);
  const exam = await buildExam(db, {
    regionId,
    contestName: CONTEST,
    stageName: STAGE,
    sessionName: SESSION,
    startsAt,
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  contestId = exam.contestId;
  stageId = exam.stageId;
  // A preliminary of every region (the builder makes it region 1's own).
  await db.stage.update({
    where: { id: stageId },
    data: { regionId: null, startsOn: new Date("2026-10-10T00:00:00Z") },
  });
  const final = await db.stage.create({
    data: { contestId, kind: "FINAL", name: FINAL, startsOn: new Date("2026-11-20T00:00:00Z") },
    select: { id: true },
  });
  finalStageId = final.id;
  const teams = new Map<string, string>();
  for (const p of PEOPLE) {
    let teamId: string | null = null;
    if (p.team) {
      teamId = teams.get(p.team) ?? null;
      if (!teamId) {
        const team = await db.team.create({
          data: { contestId, regionId, name: p.team, group: p.group, organisation: ORG },
          select: { id: true },
        });
        teamId = team.id;
        teams.set(p.team, teamId);
      }
    }
    const user = await db.user.create({ data: { name: p.name, passwordHash: "x" }, select: { id: true } });
    const contestant = await db.contestant.create({
      data: {
        userId: user.id,
        stageId,
        regionId,
        group: p.group,
        teamId,
        ticketNumber: p.ticket,
        organisation: ORG,
      },
      select: { id: true },
    });
    const startedAt = new Date(startsAt.getTime() + 60_000);
    await db.attempt.create({
      data: {
        contestantId: contestant.id,
        examSessionId: exam.sessionId,
        status: "SCORED",
        startedAt,
        deadlineAt: new Date(startedAt.getTime() + 90 * 60_000),
        submittedAt: new Date(startedAt.getTime() + 50 * 60_000),
        closedBy: "CONTESTANT",
        scoreVersions: {
          create: {
            version: 1,
            scorerVersion: "e2e",
            theory: p.theory,
            practical: p.practical,
            total: p.theory + p.practical,
            current: true,
          },
        },
      },
    });
  }
  await createStaff(db, { username: "admin", name: "组委会王老师", role: "ADMIN", password: PASSWORD });
  await createStaff(db, {
    username: "host1",
    name: "承办方李老师",
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

async function newPage(width = 1024, height = 900): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width, height }, acceptDownloads: true })
  ).newPage();
  // Every confirm is accepted.
  page.on("dialog", (d) => void d.accept());
  return page;
}

/** Nothing wider than the screen: no sideways scrolling, nothing cut off, no table wider than its frame. */
async function expectNoOverflow(page: Page): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner ?? 0);
  const clipped = await page.evaluate(
    () =>
      [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1).length,
  );
  expect(clipped).toBe(0);
}

async function openHostReport(page: Page): Promise<void> {
  await page.getByTestId("tab-report").click();
  await page.getByTestId("report-section").waitFor();
  await expect.poll(() => page.getByTestId("report-stage").inputValue()).toBe(stageId);
  await page.getByTestId("report-card").waitFor();
}

/** Every cell's text of the first sheet, row by row. */
async function readXlsx(file: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cells.push(cell.text ?? "");
    });
    rows.push(cells);
  });
  return rows;
}

describe("regional report and advancement in the browser", () => {
  it("the host submits once the session is released and the appeal window is over, then sees it locked", async () => {
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.getByTestId("host-page").waitFor();
    await openHostReport(host);
    expect(new URL(host.url()).pathname).toBe(`/host/${regionId}/report`);
    expect(await host.getByTestId("report-status").getAttribute("data-status")).toBe("NOT_SUBMITTED");
    expect(await host.getByTestId("report-sessions").textContent()).toBe("0 / 1");
    expect(await host.getByTestId("report-scored").textContent()).toBe("5 / 5");
    // Not released: the button waits, and says why.
    await host.locator("[data-testid=report-blockers] [data-blocker=unreleased]").waitFor();
    expect(await host.getByTestId("report-blockers").textContent()).toContain("1 个场次的成绩未发布");
    expect(await host.getByTestId("report-submit").isDisabled()).toBe(true);
    await expectNoOverflow(host);
    await screenshot(host, "reports-0-host-unreleased");

    // The host releases the session on the sessions tab.
    await host.getByTestId("tab-sessions").click();
    await host.getByTestId(`release-${SESSION}`).click();
    await host.getByTestId(`released-${SESSION}`).waitFor();

    // The appeal window (60 minutes by default) is still open: the server refuses, and says until when.
    await openHostReport(host);
    await expect.poll(() => host.getByTestId("report-sessions").textContent()).toBe("1 / 1");
    expect(await host.getByTestId("report-appeals-close").textContent()).toMatch(/\d{2}:\d{2}/);
    await host.getByTestId("report-submit").click();
    await host.getByTestId("report-confirm").click();
    await host.locator("[data-testid=report-refused] [data-blocker=window]").waitFor();
    expect(await host.getByTestId("report-refused").textContent()).toContain("申诉期到");
    expect(await host.getByTestId("report-status").getAttribute("data-status")).toBe("NOT_SUBMITTED");
    await screenshot(host, "reports-1-host-refused");

    // The committee shortens the appeal window to 0 minutes in the contest's settings.
    const admin = await newPage(1280);
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.getByTestId("admin-page").waitFor();
    await admin.getByTestId("tab-contests").click();
    await admin.getByTestId(`contest-edit-${contestId}`).click();
    expect(await admin.getByTestId("setting-appealWindowMinutes").inputValue()).toBe("60");
    // Checked as typed: more than a week is refused.
    await admin.getByTestId("setting-appealWindowMinutes").fill("20000");
    await admin.getByTestId("contest-form").locator(".field-issue").first().waitFor();
    expect(await admin.getByTestId("contest-save").isDisabled()).toBe(true);
    await admin.getByTestId("setting-appealWindowMinutes").fill("0");
    await admin.getByTestId("contest-save").click();
    await expect
      .poll(async () => (await stack.db.contest.findUniqueOrThrow({ where: { id: contestId } })).settings)
      .toMatchObject({ appealWindowMinutes: 0 });
    await admin.close();

    // Now the host submits, with a note.
    await host.getByTestId("report-refresh").click();
    await host.getByTestId("report-ready").waitFor();
    // (A second tab, open on the report before the submission.)
    const stale = await host.context().newPage();
    stale.on("dialog", (d) => void d.accept());
    await stale.goto(`${stack.baseUrl}/host/${regionId}/report`);
    await stale.getByTestId("report-ready").waitFor();
    await host.getByTestId("report-submit").click();
    await host.getByTestId("report-reason").fill("预赛成绩核对无误");
    await host.getByTestId("report-confirm").click();
    await expect.poll(() => host.getByTestId("report-status").getAttribute("data-status")).toBe("SUBMITTED");
    const locked = await host.getByTestId("report-locked").textContent();
    expect(locked).toContain("承办方李老师");
    expect(locked).toContain("成绩已锁定");
    expect(await host.getByTestId("report-snapshot-summary").textContent()).toContain("5 人已评分");
    expect(await host.getByTestId("report-submit").count()).toBe(0);
    // The stale tab submits too: refused as locked, in this language.
    await stale.getByTestId("report-submit").click();
    await stale.getByTestId("report-confirm").click();
    await expect
      .poll(() => stale.getByTestId("server-error").getAttribute("data-code"))
      .toBe("REPORT_LOCKED");
    expect(await stale.getByTestId("server-error").textContent()).toContain("本赛区成绩已上报全国组委会");
    await expect.poll(() => stale.getByTestId("report-status").getAttribute("data-status")).toBe("SUBMITTED");
    await stale.close();
    // The certificate lists, per group.
    const [cert] = await Promise.all([
      host.waitForEvent("download"),
      host.getByTestId("certificates-EMPLOYEE-xlsx").click(),
    ]);
    expect(cert.suggestedFilename()).toMatch(/\.xlsx$/);
    const certRows = await readXlsx(await cert.path());
    // Three ranked: too few for a first or second prize (10 % and 30 % of 3 are under one), the
    // first is within 60 %: a third prize.
    const zhang = certRows.find((r) => r.includes("张伟")) ?? [];
    expect(zhang).toContain("三等奖 THIRD");
    expect(zhang).toContain(ORG);
    await expectNoOverflow(host);
    await screenshot(host, "reports-2-host-submitted-zh");
    await host.getByTestId("lang-switch").click();
    await expect.poll(() => host.getByTestId("report-status").textContent()).toBe("Submitted");
    expect(await host.getByTestId("report-locked").textContent()).toContain("locked");
    await expectNoOverflow(host);
    await screenshot(host, "reports-3-host-submitted-en");
    await host.close();
  });

  it("the committee sees the region submitted, opens the snapshot, enrols finalists and exports them", async () => {
    const admin = await newPage();
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.getByTestId("admin-page").waitFor();
    await admin.getByTestId("tab-reports").click();
    await admin.getByTestId("reports-section").waitFor();
    await expect.poll(() => admin.getByTestId("reports-stage").inputValue()).toBe(stageId);
    await admin.getByTestId("report-row-20").waitFor();
    expect(await admin.locator("[data-testid^=report-row-]").count()).toBe(20);
    expect(await admin.getByTestId("report-status-1").getAttribute("data-status")).toBe("SUBMITTED");
    expect(await admin.getByTestId("report-status-2").getAttribute("data-status")).toBe("NOT_SUBMITTED");
    expect(await admin.getByTestId("report-row-1").textContent()).toContain("承办方李老师");
    expect(await admin.getByTestId("reports-summary").textContent()).toContain("已上报 1 / 20");
    await expectNoOverflow(admin);
    await screenshot(admin, "reports-4-committee-list");
    // Only the submitted.
    await admin.getByTestId("reports-status-filter").selectOption("SUBMITTED");
    await expect.poll(() => admin.locator("[data-testid^=report-row-]").count()).toBe(1);
    await admin.getByTestId("reports-status-filter").selectOption("");

    // The snapshot.
    await admin.getByTestId("report-open-1").click();
    await admin.getByTestId("report-detail").waitFor();
    await admin.getByTestId("snapshot-row-E001").waitFor();
    expect(await admin.getByTestId("snapshot-row-E001").textContent()).toContain("90.00");
    expect(await admin.getByTestId("snapshot-STUDENT").textContent()).toContain("周杰");
    await expectNoOverflow(admin);
    await screenshot(admin, "reports-5-committee-snapshot");
    await admin.getByTestId("detail-close").click();

    // Advancement: 2 places per region and group, but 1 for region 1's students.
    await admin.getByTestId("tab-advancement").click();
    await admin.getByTestId("advancement-section").waitFor();
    await expect.poll(() => admin.getByTestId("advancement-preliminary").inputValue()).toBe(stageId);
    await expect.poll(() => admin.getByTestId("advancement-final").inputValue()).toBe(finalStageId);
    await admin.getByTestId("rule-quota").fill("0");
    await admin.getByTestId("rule-form").locator(".field-issue").first().waitFor();
    expect(await admin.getByTestId("advancement-preview").isDisabled()).toBe(true);
    await admin.getByTestId("rule-quota").fill("2");
    await admin.getByTestId("override-add").click();
    await admin.getByTestId("override-region-0").selectOption(regionId);
    await admin.getByTestId("override-group-0").selectOption("STUDENT");
    await admin.getByTestId("override-quota-0").fill("1");
    await admin.getByTestId("advancement-preview").click();
    await admin.getByTestId("finalists-table").waitFor();
    await admin.getByTestId("finalist-row-E001").waitFor();
    expect(await admin.locator("[data-testid^=finalist-row-]").count()).toBe(3);
    expect(await admin.getByTestId("finalist-row-S001").count()).toBe(1);
    expect(await admin.getByTestId("finalist-row-S002").count()).toBe(0);
    expect(await admin.getByTestId("finalist-row-E001").textContent()).toContain("未报名");
    // The 19 regions that have not submitted.
    await admin.getByTestId("missing-region-2").waitFor();
    expect(await admin.locator("[data-testid^=missing-region-]").count()).toBe(19);
    await expectNoOverflow(admin);
    await screenshot(admin, "reports-6-advancement-preview");

    // Enrol, with a reason.
    expect(await admin.getByTestId("enrol-confirm").isDisabled()).toBe(true);
    await admin.getByTestId("enrol-reason").fill("按赛区名额晋级");
    await admin.getByTestId("enrol-confirm").click();
    await admin.getByTestId("enrol-result").waitFor();
    expect(await admin.getByTestId("enrol-result").textContent()).toContain("新报名 3 人");
    await expect.poll(() => admin.getByTestId("finalist-row-E001").textContent()).not.toContain("未报名");
    expect(await stack.db.contestant.count({ where: { stageId: finalStageId } })).toBe(3);

    // The finalists' list.
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByTestId("finalists-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await readXlsx(await download.path());
    const cells = rows.flat();
    expect(cells).toContain("张伟");
    expect(cells).toContain("周杰");
    expect(cells).not.toContain("吴倩");
    expect(cells.some((c) => c.includes("北京"))).toBe(true);
    expect(cells).toContain("E001");
    const e001 = rows.find((r) => r.includes("E001")) ?? [];
    expect(e001).toContain(ORG);

    // The best 1 of each group of the whole stage: both already enrolled, with their final tickets.
    await admin.getByTestId("rule-kind-top").click();
    await admin.getByTestId("rule-n").fill("1");
    await admin.getByTestId("advancement-stale").waitFor();
    await admin.getByTestId("advancement-preview").click();
    await expect.poll(() => admin.locator("[data-testid^=finalist-row-]").count()).toBe(2);
    expect(await admin.getByTestId("finalist-row-E001").textContent()).toMatch(/\d{6,}/);
    expect(await admin.getByTestId("finalist-row-S001").textContent()).not.toContain("未报名");

    await admin.getByTestId("lang-switch").click();
    await expect.poll(() => admin.getByTestId("tab-advancement").textContent()).toBe("Advancement");
    await expectNoOverflow(admin);
    await screenshot(admin, "reports-7-advancement-en");
    await admin.close();
  });

  it("the committee reopens the report with a reason, and the host sees it reopened", async () => {
    const admin = await newPage();
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.getByTestId("admin-page").waitFor();
    await admin.getByTestId("tab-reports").click();
    await admin.getByTestId("report-open-1").click();
    await admin.getByTestId("report-reopen").click();
    // A reason is required.
    await admin.getByTestId("reopen-reason").fill("x");
    await admin.getByTestId("reopen-form").locator(".field-issue").waitFor();
    expect(await admin.getByTestId("reopen-confirm").isDisabled()).toBe(true);
    await admin.getByTestId("reopen-reason").fill("吴倩的申诉需要复核");
    await admin.getByTestId("reopen-confirm").click();
    await expect
      .poll(() => admin.getByTestId("report-detail-status").getAttribute("data-status"))
      .toBe("REOPENED");
    await expect
      .poll(() => admin.getByTestId("report-status-1").getAttribute("data-status"))
      .toBe("REOPENED");
    expect(await admin.getByTestId("report-reopened-1").textContent()).toContain("吴倩的申诉需要复核");
    await expectNoOverflow(admin);
    await screenshot(admin, "reports-8-committee-reopened");
    await admin.close();

    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.getByTestId("host-page").waitFor();
    await openHostReport(host);
    expect(await host.getByTestId("report-status").getAttribute("data-status")).toBe("REOPENED");
    const reopened = await host.getByTestId("report-reopened").textContent();
    expect(reopened).toContain("吴倩的申诉需要复核");
    expect(reopened).toContain("组委会王老师");
    expect(await host.getByTestId("report-submit").textContent()).toBe("重新上报");
    expect(await host.getByTestId("report-submit").isDisabled()).toBe(false);
    await expectNoOverflow(host);
    await screenshot(host, "reports-9-host-reopened");
    // Submitted again, locked again.
    await host.getByTestId("report-submit").click();
    await host.getByTestId("report-confirm").click();
    await expect.poll(() => host.getByTestId("report-status").getAttribute("data-status")).toBe("SUBMITTED");
    await host.getByTestId("report-locked").waitFor();
    await host.close();
  });
});
