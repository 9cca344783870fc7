// End to end in Chromium, the live rankings of issue 10: scored sittings inserted straight into the
// database (an equal total broken by the practical score, a full tie sharing a rank, one still
// scoring and one absent); the committee sets the contest's team rule; region 1's host opens the
// Rankings tab, sees the ranks in order in both languages, switches the group and downloads the
// XLSX; a judge of the region sees the same rankings on the judge page.
import fs from "node:fs";
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

const CONTEST = "人工智能训练师大赛 2026";
const STAGE = "北京赛区预赛";

interface Person {
  ticket: string;
  name: string;
  group: "EMPLOYEE" | "STUDENT";
  team?: string;
  /** Weighted points, or the sitting's state without a score. */
  score?: { theory: number; practical: number; minutes: number };
  state?: "PENDING" | "ABSENT";
}

const PEOPLE: Person[] = [
  {
    ticket: "E001",
    name: "张伟",
    group: "EMPLOYEE",
    team: "星火队",
    score: { theory: 27, practical: 63, minutes: 50 },
  },
  // 80 each: the higher practical score ranks first, though slower.
  {
    ticket: "E002",
    name: "李娜",
    group: "EMPLOYEE",
    team: "星火队",
    score: { theory: 20, practical: 60, minutes: 40 },
  },
  {
    ticket: "E003",
    name: "王芳",
    group: "EMPLOYEE",
    team: "启明队",
    score: { theory: 30, practical: 50, minutes: 30 },
  },
  // A full tie: the same total, practical and time share rank 4; the next is 6.
  {
    ticket: "E004",
    name: "刘洋",
    group: "EMPLOYEE",
    team: "启明队",
    score: { theory: 21, practical: 49, minutes: 45 },
  },
  {
    ticket: "E005",
    name: "陈静",
    group: "EMPLOYEE",
    team: "启明队",
    score: { theory: 21, practical: 49, minutes: 45 },
  },
  { ticket: "E006", name: "杨磊", group: "EMPLOYEE", score: { theory: 18, practical: 42, minutes: 60 } },
  { ticket: "E007", name: "赵敏", group: "EMPLOYEE", state: "PENDING" },
  { ticket: "E008", name: "黄勇", group: "EMPLOYEE", state: "ABSENT" },
  {
    ticket: "S001",
    name: "周杰",
    group: "STUDENT",
    team: "未来队",
    score: { theory: 25, practical: 60, minutes: 70 },
  },
  {
    ticket: "S002",
    name: "吴倩",
    group: "STUDENT",
    team: "未来队",
    score: { theory: 24, practical: 51, minutes: 80 },
  },
];
const ORG = "北京信息职业技术学院";

beforeAll(async () => {
  stack = await startStack();
  const regions = await upsertRegions(stack.db);
  regionId = regions.get(1) as string;
  const startsAt = new Date(Date.now() - 3 * 3600_000);
  const exam = await buildExam(stack.db, {
    regionId,
    contestName: CONTEST,
    stageName: STAGE,
    sessionName: "第一场 Session 1",
    startsAt,
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  contestId = exam.contestId;
  const db = stack.db;
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
        stageId: exam.stageId,
        regionId,
        group: p.group,
        teamId,
        ticketNumber: p.ticket,
        organisation: ORG,
      },
      select: { id: true },
    });
    const startedAt = new Date(startsAt.getTime() + 60_000);
    const deadlineAt = new Date(startedAt.getTime() + 90 * 60_000);
    if (p.state === "ABSENT") {
      await db.attempt.create({ data: { contestantId: contestant.id, examSessionId: exam.sessionId } });
      continue;
    }
    if (p.state === "PENDING") {
      await db.attempt.create({
        data: {
          contestantId: contestant.id,
          examSessionId: exam.sessionId,
          status: "IN_PROGRESS",
          startedAt,
          deadlineAt: new Date(Date.now() + 3600_000),
        },
      });
      continue;
    }
    const s = p.score as NonNullable<Person["score"]>;
    await db.attempt.create({
      data: {
        contestantId: contestant.id,
        examSessionId: exam.sessionId,
        status: "SCORED",
        startedAt,
        deadlineAt,
        submittedAt: new Date(startedAt.getTime() + s.minutes * 60_000),
        closedBy: "CONTESTANT",
        scoreVersions: {
          create: {
            version: 1,
            scorerVersion: "e2e",
            theory: s.theory,
            practical: s.practical,
            total: s.theory + s.practical,
            current: true,
          },
        },
      },
    });
  }
  await createStaff(stack.db, { username: "admin", name: "组委会", role: "ADMIN", password: PASSWORD });
  await createStaff(stack.db, {
    username: "host1",
    name: "承办方",
    role: "REGION_HOST",
    regionId,
    password: PASSWORD,
  });
  await createStaff(stack.db, {
    username: "judge1",
    name: "裁判一",
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

async function newPage(width = 1024, height = 900): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height }, acceptDownloads: true })).newPage();
}

/** Nothing wider than the screen: no sideways scrolling, nothing cut off. */
async function expectNoOverflow(page: Page): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner ?? 0);
  // Nor inside the tables: every table fits its frame.
  const clipped = await page.evaluate(
    () =>
      [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1).length,
  );
  expect(clipped).toBe(0);
}

/** The rows of the individual ranking, in order: ticket and data-rank. */
async function rankRows(page: Page): Promise<[string, string][]> {
  return page
    .locator("[data-testid^=ranking-row-]")
    .evaluateAll((rows) =>
      rows.map((r) => [
        (r.getAttribute("data-testid") ?? "").replace("ranking-row-", ""),
        r.getAttribute("data-rank") ?? "",
      ]),
    ) as Promise<[string, string][]>;
}

describe("rankings in the browser", () => {
  it("the committee's team rule is kept when the contest is saved", async () => {
    const admin = await newPage(1280);
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.getByTestId("admin-page").waitFor();
    await admin.getByTestId("tab-contests").click();
    await admin.getByTestId(`contest-edit-${contestId}`).click();
    expect(await admin.getByTestId("setting-teamRule").inputValue()).toBe("mean");
    await admin.getByTestId("setting-teamRule").selectOption("best-two-mean");
    await admin.getByTestId("contest-form").getByText("最好的两名队员").waitFor();
    await screenshot(admin, "rankings-0-contest-team-rule");
    await admin.getByTestId("contest-save").click();
    await expect
      .poll(async () => (await stack.db.contest.findUniqueOrThrow({ where: { id: contestId } })).settings)
      .toMatchObject({ teamRule: "best-two-mean" });
    // Opened again after a reload, the form shows it.
    await admin.reload();
    await admin.getByTestId("tab-contests").click();
    await admin.getByTestId(`contest-edit-${contestId}`).click();
    expect(await admin.getByTestId("setting-teamRule").inputValue()).toBe("best-two-mean");
    await admin.close();
  });

  it("a region's host sees the live ranking, switches the group and exports it", async () => {
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", PASSWORD);
    await host.getByTestId("host-page").waitFor();
    await host.getByTestId("tab-rankings").click();
    await host.getByTestId("rankings-section").waitFor();
    expect(new URL(host.url()).pathname).toBe(`/host/${regionId}/rankings`);
    await host.getByTestId("ranking-row-E001").waitFor();
    expect(await host.getByTestId("rankings-stage").inputValue()).not.toBe("");
    // The contest's rule is the default.
    expect(await host.getByTestId("rankings-team-rule").inputValue()).toBe("best-two-mean");

    const rows = await rankRows(host);
    expect(rows.map(([, rank]) => rank)).toEqual(["1", "2", "3", "4", "4", "6", "0", "0"]);
    expect(rows.slice(0, 3).map(([ticket]) => ticket)).toEqual(["E001", "E002", "E003"]);
    expect(new Set(rows.slice(3, 5).map(([ticket]) => ticket))).toEqual(new Set(["E004", "E005"]));
    expect(rows.slice(6).map(([ticket]) => ticket)).toEqual(["E007", "E008"]);
    // Equal ranks are marked; times read mm:ss; the unranked say why.
    expect(await host.getByTestId("ranking-row-E004").textContent()).toContain("并列");
    expect(await host.getByTestId("ranking-row-E001").textContent()).not.toContain("并列");
    expect(await host.getByTestId("ranking-row-E001").textContent()).toContain("50:00");
    expect(await host.getByTestId("ranking-row-E001").textContent()).toContain("90.00");
    expect(await host.getByTestId("ranking-status-E007").textContent()).toBe("评分中");
    expect(await host.getByTestId("ranking-status-E008").textContent()).toBe("缺考");
    // A sitting still running has no time that counts yet.
    expect(await host.getByTestId("ranking-row-E007").textContent()).not.toMatch(/\d:\d\d/);
    // Teams below: 星火队 (90, 80) ahead of 启明队 (best two of 80, 70, 70).
    expect(await host.getByTestId("team-ranking-row-星火队").getAttribute("data-rank")).toBe("1");
    expect(await host.getByTestId("team-ranking-row-启明队").getAttribute("data-rank")).toBe("2");
    expect(await host.getByTestId("team-ranking-row-星火队").textContent()).toContain("85.00");
    expect(await host.getByTestId("team-ranking-row-启明队").textContent()).toContain("75.00");
    await expectNoOverflow(host);
    await screenshot(host, "rankings-1-host-zh");

    // Another team rule for this view: the sum.
    await host.getByTestId("rankings-team-rule").selectOption("sum");
    await expect.poll(() => host.getByTestId("team-ranking-row-启明队").getAttribute("data-rank")).toBe("1");
    expect(await host.getByTestId("team-ranking-row-启明队").textContent()).toContain("220.00");

    // English.
    await host.getByTestId("lang-switch").click();
    await expect.poll(() => host.getByTestId("tab-rankings").textContent()).toBe("Rankings");
    expect(await host.getByTestId("ranking-status-E007").textContent()).toBe("Scoring");
    expect(await host.getByTestId("ranking-status-E008").textContent()).toBe("Absent");
    expect(await host.getByTestId("ranking-row-E005").textContent()).toContain("tied");
    await expectNoOverflow(host);
    await screenshot(host, "rankings-2-host-en");
    await host.getByTestId("lang-switch").click();
    await expect.poll(() => host.getByTestId("tab-rankings").textContent()).toBe("成绩排名");

    // The student group.
    await host.getByTestId("rankings-group-STUDENT").click();
    await host.getByTestId("ranking-row-S001").waitFor();
    expect(await rankRows(host)).toEqual([
      ["S001", "1"],
      ["S002", "2"],
    ]);
    expect(await host.getByTestId("team-ranking-row-未来队").getAttribute("data-rank")).toBe("1");
    expect(await host.getByTestId("rankings-view").getAttribute("data-group")).toBe("STUDENT");

    // The export: an XLSX file (a zip) of the group shown.
    const [download] = await Promise.all([
      host.waitForEvent("download"),
      host.getByTestId("export-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const [csv] = await Promise.all([host.waitForEvent("download"), host.getByTestId("export-csv").click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(fs.readFileSync(await csv.path()).toString("utf8")).toContain("S001");

    // Refresh: a score that arrives shows without reloading the page.
    const pending = await stack.db.attempt.findFirstOrThrow({
      where: { contestant: { ticketNumber: "E007" } },
    });
    await stack.db.attempt.update({
      where: { id: pending.id },
      data: {
        status: "SCORED",
        submittedAt: new Date(),
        scoreVersions: {
          create: { version: 1, scorerVersion: "e2e", theory: 29, practical: 66, total: 95, current: true },
        },
      },
    });
    await host.getByTestId("rankings-group-EMPLOYEE").click();
    await host.getByTestId("ranking-row-E001").waitFor();
    await host.getByTestId("rankings-refresh").click();
    await expect.poll(() => host.getByTestId("ranking-row-E007").getAttribute("data-rank")).toBe("1");
    expect(await host.getByTestId("ranking-row-E001").getAttribute("data-rank")).toBe("2");
    await host.close();
  });

  it("a judge of the region sees the rankings on the judge page", async () => {
    const judge = await newPage();
    // The page's timers run on a clock the test moves, to see the 15-second refresh.
    await judge.clock.install();
    await signIn(judge, stack.baseUrl, "judge1", PASSWORD);
    await judge.getByTestId("judge-page").waitFor();
    expect(new URL(judge.url()).pathname).toBe("/judge");
    await judge.getByTestId("judge-note").waitFor();
    await judge.getByTestId("judge-rankings").waitFor();
    await expect.poll(() => judge.getByTestId("rankings-section").textContent()).toContain("北京");
    await judge.getByTestId("ranking-row-E001").waitFor();
    expect((await rankRows(judge)).map(([, rank]) => rank)).toEqual(["1", "2", "3", "4", "5", "5", "7", "0"]);
    await expectNoOverflow(judge);
    await screenshot(judge, "rankings-3-judge-zh");

    // Live: the absent contestant's late score shows by itself within 15 seconds.
    const absent = await stack.db.attempt.findFirstOrThrow({
      where: { contestant: { ticketNumber: "E008" } },
    });
    const startedAt = new Date(Date.now() - 30 * 60_000);
    await stack.db.attempt.update({
      where: { id: absent.id },
      data: {
        status: "SCORED",
        startedAt,
        submittedAt: new Date(startedAt.getTime() + 20 * 60_000),
        scoreVersions: {
          create: { version: 1, scorerVersion: "e2e", theory: 10, practical: 20, total: 30, current: true },
        },
      },
    });
    await judge.waitForTimeout(300);
    expect(await judge.getByTestId("ranking-row-E008").getAttribute("data-rank")).toBe("0");
    await judge.clock.fastForward(16_000);
    await expect.poll(() => judge.getByTestId("ranking-row-E008").getAttribute("data-rank")).toBe("8");
    expect(await judge.getByTestId("ranking-row-E008").textContent()).toContain("20:00");
    await judge.getByTestId("lang-switch").click();
    await expect.poll(() => judge.getByTestId("rankings-section").textContent()).toContain("Beijing");
    await expectNoOverflow(judge);
    await screenshot(judge, "rankings-4-judge-en");
    await judge.close();
  });
});
