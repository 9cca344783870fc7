// End to end in Chromium, the administration pages of issue 9: the committee loads the regions,
// creates a contest, a stage and region 1's window and a host account for region 1; the host lands
// on the region, adds a venue and a session, approves a registration (ticket and password shown
// once), seats the contestant and opens the admission tickets; a judge lands on the judge's page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExam, createStaff } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import { idNumberCheckChar } from "../../protocol/contest.ts";
import { launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let browser: Browser;
let paperId: string;

const HOST_PASSWORD = "host-password-1";
const CONTEST = "人工智能训练师大赛 2026";
const STAGE = "北京赛区预赛";
const ID_PREFIX = "11010520040101123";
const ID_NUMBER = ID_PREFIX + idNumberCheckChar(ID_PREFIX);

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

const pad = (n: number) => String(n).padStart(2, "0");
/** An <input type="datetime-local"> value, days from now at a given hour (the browser's zone). */
function localInput(daysFromNow: number, hour: number): string {
  const d = new Date(Date.now() + daysFromNow * 24 * 3600_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

beforeAll(async () => {
  stack = await startStack();
  // A paper to choose for the session (its own contest and session are not used here).
  const exam = await buildExam(stack.db, {
    regionId: null,
    contestName: "Paper source",
    sessionName: "样卷 Sample paper",
    startsAt: new Date(Date.now() + 30 * 24 * 3600_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  paperId = exam.paperId;
  await createStaff(stack.db, { username: "admin", name: "组委会", role: "ADMIN", password: PASSWORD });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1400, height = 900): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height } })).newPage();
}

/** Nothing wider than the screen: no sideways scrolling, nothing cut off. */
async function expectNoOverflow(page: Page): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner ?? 0);
}

describe("administration in the browser", () => {
  it("takes a contest from an empty database to printed admission tickets", async () => {
    // --- The committee ---
    const admin = await newPage();
    await signIn(admin, stack.baseUrl, "admin", PASSWORD);
    await admin.getByTestId("admin-page").waitFor();
    expect(new URL(admin.url()).pathname).toBe("/admin");

    await admin.getByTestId("tab-regions").click();
    await admin.getByTestId("regions-load").click();
    await admin.getByTestId("region-row-1").waitFor();
    expect(await admin.locator("[data-testid^=region-row-]").count()).toBe(20);
    const region1 = await stack.db.region.findUniqueOrThrow({ where: { no: 1 } });
    // Headers sort (again: the other way), the text box filters.
    await admin.getByTestId("regions-table-sort-no").click();
    await admin.getByTestId("regions-table-sort-no").click();
    expect(await admin.locator("[data-testid^=region-row-]").first().getAttribute("data-testid")).toBe(
      "region-row-20",
    );
    await admin.getByTestId("regions-filter").fill("广东");
    expect(await admin.locator("[data-testid^=region-row-]").count()).toBe(1);
    await admin.getByTestId("regions-filter").fill("");
    await screenshot(admin, "85-admin-regions");

    await admin.getByTestId("tab-contests").click();
    await admin.getByTestId("contest-new").click();
    // Validated as one types, with the server's own messages; the button waits for a valid form.
    await admin.getByTestId("contest-name").fill(CONTEST);
    await admin.getByTestId("contest-year").fill("2026");
    await admin.getByTestId("contest-theory-weight").fill("40");
    await admin.getByTestId("contest-form").getByText("The weights add up to 100.").waitFor();
    expect(await admin.getByTestId("contest-save").isDisabled()).toBe(true);
    await admin.getByTestId("contest-theory-weight").fill("30");
    await admin.getByTestId("setting-teamMaxSize").fill("4");
    await screenshot(admin, "86-admin-contest-form");
    await admin.getByTestId("contest-save").click();
    await admin.getByTestId(`contest-row-${CONTEST}`).waitFor();
    const contest = await stack.db.contest.findFirstOrThrow({ where: { name: CONTEST } });
    expect(contest.settings).toMatchObject({ teamMaxSize: 4, teamMinSize: 1 });

    // A stage, then region 1's registration window.
    await admin.getByTestId("stage-new").click();
    await admin.getByTestId("stage-name").fill(STAGE);
    await admin.getByTestId("stage-starts").fill(localInput(10, 9));
    await admin.getByTestId("stage-ends").fill(localInput(20, 18));
    await admin.getByTestId("stage-save").click();
    await admin.getByTestId(`stage-row-${STAGE}`).click();
    await admin.getByTestId("window-row-1").waitFor();
    await admin.getByTestId("window-opens-1").fill(localInput(-1, 8));
    await admin.getByTestId("window-closes-1").fill(localInput(7, 17));
    await admin.getByTestId("window-save-1").click();
    await expect.poll(() => admin.getByTestId("window-row-1").locator(".badge").textContent()).toBe("报名中");
    const stage = await stack.db.stage.findFirstOrThrow({
      where: { name: STAGE },
      include: { windows: true },
    });
    expect(stage.windows.map((w) => w.regionId)).toEqual([region1.id]);
    await screenshot(admin, "87-admin-stage-windows");

    // A host account for region 1.
    await admin.getByTestId("tab-staff").click();
    await admin.getByTestId("staff-new").click();
    await admin.getByTestId("staff-username").fill("Host 1");
    await admin.getByTestId("staff-form").getByText("3 to 32 lower-case letters").waitFor();
    await admin.getByTestId("staff-username").fill("host1");
    await admin.getByTestId("staff-name").fill("北京承办方");
    await admin.getByTestId("staff-password").fill(HOST_PASSWORD);
    await admin.getByTestId("grant-role-0").selectOption("REGION_HOST");
    await admin.getByTestId("grant-scope-0").selectOption("region");
    await admin.getByTestId("grant-region-0").selectOption(region1.id);
    await admin.getByTestId("staff-save").click();
    await admin.getByTestId("staff-row-host1").waitFor();
    expect(await admin.getByTestId("grant-host1-REGION_HOST").textContent()).toContain("北京");
    await screenshot(admin, "88-admin-staff-zh");
    await admin.getByTestId("lang-switch").click();
    await expect.poll(() => admin.getByTestId("tab-staff").textContent()).toBe("Staff");
    await expectNoOverflow(admin);
    await screenshot(admin, "89-admin-staff-en");
    await admin.getByTestId("lang-switch").click();

    // --- An applicant registers (through the public route) ---
    const applicant = new Client(stack.baseUrl);
    const applied = await applicant.post("/api/apply", {
      stageId: stage.id,
      regionId: region1.id,
      group: "STUDENT",
      basis: "STUDENT",
      name: "王小红",
      idNumber: ID_NUMBER,
      phone: "13800138001",
      organisation: "北京信息职业技术学院",
      field: "人工智能技术应用",
      honours: [],
      declaration: true,
      team: { mode: "none" },
    });
    expect(applied.status).toBe(201);
    const { accessCode } = applied.body.data as { accessCode: string };

    // --- The region's host ---
    const host = await newPage();
    await signIn(host, stack.baseUrl, "host1", HOST_PASSWORD);
    await host.getByTestId("registrations-section").waitFor();
    expect(new URL(host.url()).pathname).toBe(`/host/${region1.id}/registrations`);

    await host.getByTestId("tab-venues").click();
    await host.getByTestId("venue-new").click();
    await host.getByTestId("venue-name").fill("第一考点 实训楼 301");
    await host.getByTestId("venue-address").fill("北京市朝阳区来广营 1 号");
    await host.getByTestId("venue-capacity").fill("40");
    await host.getByTestId("venue-save").click();
    await host.getByTestId("venue-row-第一考点 实训楼 301").waitFor();
    const venue = await stack.db.venue.findFirstOrThrow({ where: { regionId: region1.id } });

    await host.getByTestId("tab-sessions").click();
    await host.getByTestId("session-new").click();
    await host.getByTestId("session-stage").selectOption(stage.id);
    await host.getByTestId("session-venue").selectOption(venue.id);
    await host.getByTestId("session-paper").selectOption(paperId);
    await host.getByTestId("session-name").fill("第一场 Session 1");
    await host.getByTestId("session-starts").fill(localInput(12, 9));
    await host.getByTestId("session-duration").fill("120");
    await host.getByTestId("session-late").fill("150");
    await host.getByTestId("session-form").getByText("Late start fits in the duration.").waitFor();
    expect(await host.getByTestId("session-save").isDisabled()).toBe(true);
    await host.getByTestId("session-late").fill("30");
    await screenshot(host, "90-host-session-form");
    await host.getByTestId("session-save").click();
    await host.getByTestId("session-row-第一场 Session 1").waitFor();
    const session = await stack.db.examSession.findFirstOrThrow({ where: { regionId: region1.id } });
    expect(session).toMatchObject({ durationMinutes: 120, lateStartMinutes: 30, venueId: venue.id, paperId });

    // The registration: detail, approval with the ticket and password shown once.
    await host.getByTestId("tab-registrations").click();
    await host.getByTestId("registration-row-王小红").click();
    await host.getByTestId("registration-detail").waitFor();
    await expect.poll(() => host.getByTestId("registration-detail").textContent()).toContain(ID_NUMBER);
    // Without the proof the basis needs, approval is refused with the server's message and code.
    expect(await host.getByTestId("missing-evidence").textContent()).toContain("学籍证明");
    await host.getByTestId("approve").click();
    const refusal = host.getByTestId("registration-detail").getByTestId("server-error");
    await refusal.waitFor();
    expect(await refusal.getAttribute("data-code")).toBe("CONFLICT");
    expect(await refusal.textContent()).toContain("Required evidence is missing");
    await screenshot(host, "91-host-approval-refused");

    // The applicant uploads it; the host opens the registration again and approves.
    const upload = await fetch(
      `${stack.baseUrl}/api/apply/me/evidence?kind=STUDENT_STATUS&name=${encodeURIComponent("学籍证明.pdf")}`,
      {
        method: "POST",
        headers: { "content-type": "application/pdf", "x-registration-code": accessCode },
        body: PDF,
      },
    );
    expect(upload.status).toBe(201);
    await host.getByTestId("detail-close").click();
    await host.getByTestId("registration-row-王小红").click();
    await host.locator("[data-testid^=evidence-]", { hasText: "学籍证明.pdf" }).waitFor();
    expect(await host.getByTestId("missing-evidence").count()).toBe(0);
    await host.getByTestId("approve-note").fill("材料齐全");
    await host.getByTestId("approve").click();
    await host.getByTestId("approval-result").waitFor();
    const ticketNumber = (await host.getByTestId("approval-ticket").textContent())?.trim() ?? "";
    const initialPassword = (await host.getByTestId("approval-password").textContent())?.trim() ?? "";
    expect(ticketNumber).not.toBe("");
    expect(initialPassword.length).toBeGreaterThanOrEqual(6);
    await expect
      .poll(() =>
        host.getByTestId("registration-row-王小红").getByTestId("registration-status").textContent(),
      )
      .toBe("已通过");
    await expect
      .poll(() => host.getByTestId("registration-detail").getByTestId("registration-status").textContent())
      .toBe("已通过");
    await screenshot(host, "92-host-approved");

    // Seating, then the admission tickets.
    await host.getByTestId("tab-seating").click();
    await host.getByTestId("seating-session").selectOption(session.id);
    await host.getByTestId(`seat-input-${ticketNumber}`).fill("B01");
    await host.getByTestId("seats-save").click();
    await host.getByTestId("seats-saved").waitFor();
    const attempt = await stack.db.attempt.findFirstOrThrow({ where: { examSessionId: session.id } });
    expect(attempt.seat).toBe("B01");
    await screenshot(host, "93-host-seating");

    await host.getByTestId("tickets-link").click();
    const ticket = host.getByTestId(`ticket-${ticketNumber}`);
    await ticket.waitFor();
    expect(await ticket.getByTestId("ticket-seat").textContent()).toBe("B01");
    expect(await ticket.getByTestId("ticket-number").textContent()).toBe(ticketNumber);
    expect(await ticket.getByTestId("ticket-password").textContent()).toBe(initialPassword);
    expect(await ticket.textContent()).toContain("第一考点 实训楼 301");
    expect(await ticket.textContent()).toContain("开考前 30 分钟");
    await screenshot(host, "94-admission-tickets-zh");
    // Printing hides the app's chrome.
    await host.emulateMedia({ media: "print" });
    expect(await host.locator(".app-header").isVisible()).toBe(false);
    expect(await ticket.isVisible()).toBe(true);
    await host.emulateMedia({ media: "screen" });
    await host.getByTestId("lang-switch").click();
    await expect.poll(() => ticket.textContent()).toContain("Admission ticket");
    expect(await ticket.textContent()).toContain("30 minutes before the start");
    await screenshot(host, "95-admission-tickets-en");

    // A proctor of this session, created by the host.
    await host.goto(`${stack.baseUrl}/host/${region1.id}/staff`);
    await host.getByTestId("region-staff-new").click();
    await host.getByTestId("region-staff-username").fill("proctor1");
    await host.getByTestId("region-staff-name").fill("监考一");
    await host.getByTestId("region-staff-password").fill("short");
    await host.getByTestId("region-staff-form").getByText("At least 10 characters.").waitFor();
    await host.getByTestId("region-staff-password").fill("proctor-password-1");
    await host.getByTestId("region-staff-role").selectOption("PROCTOR");
    await host.getByTestId("region-staff-session").selectOption(session.id);
    await host.getByTestId("region-staff-save").click();
    await host.getByTestId("region-staff-row-proctor1").waitFor();
    expect(await host.getByTestId("region-staff-row-proctor1").textContent()).toContain("第一场 Session 1");
    const grant = await stack.db.staffRole.findFirstOrThrow({ where: { user: { username: "proctor1" } } });
    expect(grant).toMatchObject({ role: "PROCTOR", examSessionId: session.id });

    // Bulk import: a sheet with a bad row imports nothing and lists the row; a good one issues tickets.
    await host.getByTestId("lang-switch").click();
    await host.goto(`${stack.baseUrl}/host/${region1.id}/import`);
    await host.getByTestId("import-stage").selectOption(stage.id);
    const header = "姓名,身份证号,手机,组别,单位,专业";
    const goodPrefix = "11010520050202123";
    const good = `赵一,${goodPrefix}${idNumberCheckChar(goodPrefix)},13800138002,学生,北京信息职业技术学院,大数据技术`;
    const before = await stack.db.contestant.count();
    await host.getByTestId("import-file").setInputFiles({
      name: "报名表.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        `${header}\r\n${good}\r\n钱二,110105200502021230,13800138003,学生,北京信息职业技术学院,大数据技术\r\n`,
      ),
    });
    await host.getByTestId("import-upload").click();
    await host.getByTestId("import-errors").waitFor();
    expect(await host.getByTestId("import-errors").textContent()).toContain("3");
    expect(await host.getByTestId("server-error").getAttribute("data-code")).toBe("IMPORT_REJECTED");
    expect(await stack.db.contestant.count()).toBe(before);
    await screenshot(host, "96-host-import-refused");
    await host.getByTestId("import-file").setInputFiles({
      name: "报名表.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${header}\r\n${good}\r\n`),
    });
    await host.getByTestId("import-upload").click();
    await host.getByTestId("import-result").waitFor();
    expect(await host.getByTestId("import-result").textContent()).toContain("赵一");
    expect(await stack.db.contestant.count()).toBe(before + 1);
    await screenshot(host, "97-host-import-done");

    // In English on a smaller screen, no section runs off the page.
    await host.setViewportSize({ width: 1024, height: 768 });
    await host.getByTestId("lang-switch").click();
    for (const section of ["registrations", "sessions", "venues", "seating", "staff", "import"]) {
      await host.getByTestId(`tab-${section}`).click();
      await host.getByTestId(`tab-${section}`).and(host.locator("[aria-current=page]")).waitFor();
      await expectNoOverflow(host);
    }
    // The sessions table fits whole: no column hidden behind a sideways scroll.
    await host.getByTestId("tab-sessions").click();
    await host.getByTestId("session-row-第一场 Session 1").waitFor();
    const fits = await host
      .locator(".table-wrap", { has: host.getByTestId("sessions-table") })
      .evaluate((el) => el.scrollWidth <= el.clientWidth);
    await screenshot(host, "98-host-sessions-en");
    expect(fits).toBe(true);

    // --- A judge of region 1 lands on the judge's page, not the proctor's ---
    await createStaff(stack.db, {
      username: "judge1",
      name: "裁判一",
      role: "JUDGE",
      regionId: region1.id,
      password: PASSWORD,
    });
    const judge = await newPage(1280);
    await signIn(judge, stack.baseUrl, "judge1", PASSWORD);
    await judge.getByTestId("judge-page").waitFor();
    expect(new URL(judge.url()).pathname).toBe("/judge");
    await judge.getByTestId("judge-note").waitFor();
    await expect.poll(() => judge.getByTestId("judge-scope").textContent()).toContain("北京");
    await judge.getByTestId(`judge-session-${session.id}`).waitFor();
    await screenshot(judge, "99-judge-landing");
  });
});
