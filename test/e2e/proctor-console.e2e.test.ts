// End to end in Chromium, the proctor's console at venue scale (issue 12): a proctor signs in and
// sees contestants working, waiting in the lobby and gone offline; sorts and filters the list;
// switches to the seat map; reports a contestant to the judges and reads the incident and the
// timeline in the drawer; extends one contestant; pauses everyone, then resumes; locks and unlocks
// one; sees a refusal with its code when another proctor got there first; messages one contestant
// and sees the acknowledgement the contestant's page sends; catches up after a reconnect without a
// reload. zh and en at 1024 px: no horizontal overflow and no action button cut at the list's edge.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../core/platform/passwords.ts";
import { createContestant } from "../../prisma/seed/builders.ts";
import { type ContestantProgress, rooms } from "../../protocol/index.ts";
import {
  assertClientBuilt,
  launchBrowser,
  screenshot,
  signIn,
  startFirstAttempt,
} from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;
let proctor: Page;
const contexts: BrowserContext[] = [];
/** T-001's exam page: the one the controls act on. */
let working: Page;

beforeAll(async () => {
  assertClientBuilt();
  // The 5,000-row flood below keeps the page busy for seconds. The server's silence watch pings with
  // WebSocket frames, which Chromium answers outside the page's JavaScript, so the page's socket is
  // not dropped mid-flood (if it were, the page would reconnect and re-read the roster from
  // PostgreSQL, where the flood's synthetic events are not, and the figures below would be wrong).
  stack = await startStack({});
  fx = await newExamFixture(stack.db, { contestants: 4 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1024, height = 800): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  contexts.push(ctx);
  return ctx.newPage();
}

function attemptOf(ticket: string): string {
  const c = fx.contestants.find((x) => x.ticket === ticket);
  if (!c) throw new Error(`no contestant ${ticket}`);
  return c.attemptId;
}

const row = (ticket: string): Locator => proctor.getByTestId(`roster-row-${ticket}`);
const connectionOf = (ticket: string) =>
  row(ticket).getByTestId("connection").getAttribute("data-connection");
const figure = (name: string) => proctor.getByTestId(`figure-${name}`).getAttribute("data-value");

/** The tickets of the rendered rows, top to bottom. */
async function order(): Promise<string[]> {
  return proctor.locator('[data-testid="roster-scroll"] [data-testid^="roster-row-"]').evaluateAll((els) =>
    els
      .map((el) => ({ top: (el as HTMLElement).offsetTop, id: el.getAttribute("data-testid") ?? "" }))
      .sort((a, b) => a.top - b.top)
      .map((x) => x.id.replace("roster-row-", "")),
  );
}

async function confirmAction(kind: string, reason: string, minutes?: number): Promise<void> {
  const dialog = proctor.getByTestId(`action-dialog-${kind}`);
  await dialog.waitFor();
  if (minutes !== undefined) await proctor.getByTestId("action-minutes").fill(String(minutes));
  await proctor.getByTestId("action-reason").fill(reason);
  await proctor.getByTestId("action-confirm").click();
  await dialog.waitFor({ state: "detached" });
}

/** Nothing runs off the page's right edge, and every row's buttons lie inside the list. */
async function expectNothingClipped(page: Page): Promise<void> {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over).toBeLessThanOrEqual(0);
  const boxes = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="roster-list"]') as HTMLElement;
    const outer = list.getBoundingClientRect();
    return [
      ...list.querySelectorAll(".pc-cell-actions button, .pc-sort, .pc-cell-status .badge, .pc-badge"),
    ].map((b) => {
      const r = b.getBoundingClientRect();
      const el = b as HTMLElement;
      return {
        id: el.dataset.testid ?? el.textContent,
        left: r.left - outer.left,
        right: outer.right - r.right,
        // A label wider than its button is cut.
        cut: el.scrollWidth > el.clientWidth + 1,
        widths: `${el.scrollWidth}/${el.clientWidth}`,
      };
    });
  });
  expect(boxes.length).toBeGreaterThan(4);
  const outside = boxes.filter((b) => b.left < 0 || b.right < 0).map((b) => `${b.id} ${b.left}/${b.right}`);
  const cut = boxes.filter((b) => b.cut).map((b) => `${b.id} ${b.widths}`);
  expect(outside, "buttons outside the list").toEqual([]);
  expect(cut, "buttons whose label is cut").toEqual([]);
}

/** The drawer's buttons all lie inside it, none cut. */
async function expectDrawerFits(shot?: string): Promise<void> {
  await row("T-001").getByTestId("details").click();
  await proctor.getByTestId("contestant-drawer").getByTestId("timeline-event").first().waitFor();
  const bad = await proctor.evaluate(() => {
    const d = document.querySelector('[data-testid="contestant-drawer"]') as HTMLElement;
    const r = d.getBoundingClientRect();
    return [...d.querySelectorAll("button")]
      .filter((b) => {
        const br = b.getBoundingClientRect();
        return br.right > r.right + 0.5 || br.left < r.left - 0.5 || b.scrollWidth > b.clientWidth + 1;
      })
      .map((b) => b.textContent);
  });
  expect(bad).toEqual([]);
  if (shot) await screenshot(proctor, shot);
  await proctor.getByTestId("drawer-close").click();
}

describe("the proctor's console", () => {
  it("shows who works, waits in the lobby and went offline, with the venue's figures", async () => {
    // T-001 works, T-002 waits in the lobby, T-003 starts and closes the page, T-004 never comes.
    working = await newPage(1024, 800);
    await startFirstAttempt(working, stack.baseUrl, "T-001", PASSWORD);
    const lobby = await newPage(1024, 700);
    await signIn(lobby, stack.baseUrl, "T-002", PASSWORD);
    await lobby.getByTestId("start-attempt").first().waitFor();
    const leaving = await newPage(1024, 700);
    await startFirstAttempt(leaving, stack.baseUrl, "T-003", PASSWORD);

    proctor = await newPage(1024, 800);
    await signIn(proctor, stack.baseUrl, fx.proctor, PASSWORD);
    await proctor.getByTestId(`session-link-${fx.sessionId}`).click();
    await proctor.getByTestId("proctor-console").waitFor();
    await expect.poll(() => connectionOf("T-001")).toBe("online");
    await expect.poll(() => connectionOf("T-002")).toBe("lobby");
    await expect.poll(() => connectionOf("T-003")).toBe("online");
    expect(await connectionOf("T-004")).toBe("offline");
    expect(await row("T-004").getByTestId("connection").textContent()).toContain("从未连接");

    // The page closes: offline, with the heartbeat's age, without a reload of the console.
    await leaving.context().close();
    await expect.poll(() => connectionOf("T-003"), { timeout: 10_000 }).toBe("offline");
    expect(await row("T-003").getByTestId("connection").textContent()).toMatch(/心跳 \d+ 秒前/);
    expect(await row("T-003").getAttribute("class")).toContain("pc-st-offline");

    await expect.poll(() => figure("working")).toBe("2");
    expect(await figure("disconnected")).toBe("1");
    expect(await figure("inLobby")).toBe("1");
    expect(await figure("notStarted")).toBe("2");
    expect(await figure("total")).toBe("4");
    // Both started attempts have answered nothing yet: the first bucket holds them.
    expect(await proctor.getByTestId("progress-histogram").getAttribute("data-counts")).toBe(
      "2,0,0,0,0,0,0,0,0,0",
    );
    // The session's start in words, never 12/03/2026.
    expect(await proctor.getByTestId("session-starts").textContent()).toMatch(
      /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/,
    );
    await screenshot(proctor, "proctor-console-01-zh");
  });

  it("sorts by any column and filters by connection, status and search", async () => {
    expect(await order()).toEqual(["T-001", "T-002", "T-003", "T-004"]); // seat order S1…S4
    await proctor.getByTestId("sort-seat").click();
    expect(await order()).toEqual(["T-004", "T-003", "T-002", "T-001"]);
    await proctor.getByTestId("sort-connection").click();
    // Offline first, then the lobby, then online; ties in seat order.
    expect(await order()).toEqual(["T-003", "T-004", "T-002", "T-001"]);
    await proctor.getByTestId("sort-status").click();
    await proctor.getByTestId("sort-status").click();
    const byStatus = await order();
    expect(byStatus.slice(0, 2).sort()).toEqual(["T-001", "T-003"]);

    await proctor.getByTestId("filter-connection").selectOption("lobby");
    expect(await order()).toEqual(["T-002"]);
    expect(await proctor.getByTestId("rows-shown").getAttribute("data-shown")).toBe("1");
    await proctor.getByTestId("filter-connection").selectOption("all");
    await proctor.getByTestId("filter-status").selectOption("working");
    expect((await order()).sort()).toEqual(["T-001", "T-003"]);
    await proctor.getByTestId("filter-status").selectOption("all");
    await proctor.getByTestId("filter-search").fill("contestant 4");
    expect(await order()).toEqual(["T-004"]);
    await proctor.getByTestId("filter-search").fill("S2");
    expect(await order()).toEqual(["T-002"]);
    await proctor.getByTestId("filter-search").fill("");
    await proctor.getByTestId("sort-seat").click();
    expect(await order()).toEqual(["T-001", "T-002", "T-003", "T-004"]);

    // The seat map: one tile each, the drawer from a tile.
    await proctor.getByTestId("view-grid").click();
    await proctor.getByTestId("tile-T-001").waitFor();
    expect(await proctor.locator('[data-testid^="tile-"]').count()).toBe(4);
    expect(await proctor.getByTestId("tile-T-003").getByTestId("badge-offline").count()).toBe(1);
    await screenshot(proctor, "proctor-console-02-grid-zh");
    await proctor.getByTestId("tile-T-002").click();
    expect(await proctor.getByTestId("drawer-name").textContent()).toBe("Contestant 2");
    await proctor.getByTestId("drawer-close").click();
    await proctor.getByTestId("view-list").click();
    await row("T-001").waitFor();
  });

  it("shows the heartbeat's age of a connected contestant, moved on by the server's batches", async () => {
    const age = row("T-001").getByTestId("connection-age");
    expect(await age.textContent()).toMatch(/^心跳 \d+ 秒前$/);
    const seen = row("T-001").getByTestId("connection");
    const first = Date.parse((await seen.getAttribute("data-seen")) ?? "");
    expect(first).toBeGreaterThan(0);
    // The next presence:beats batch (every ~5 s) moves the last heartbeat forward, without a reload.
    await expect
      .poll(async () => Date.parse((await seen.getAttribute("data-seen")) ?? ""), { timeout: 20_000 })
      .toBeGreaterThan(first);
    expect(await age.textContent()).toMatch(/^心跳 \d+ 秒前$/);
    // The lobby too shows its heartbeat; a contestant never seen says so.
    expect(await row("T-002").getByTestId("connection-age").textContent()).toMatch(/^心跳 \d+ 秒前$/);
    expect(await row("T-004").getByTestId("connection-age").textContent()).toBe("从未连接");
  });

  it("shows progress per task: a mini bar per part in the list, a table in the drawer", async () => {
    // T-003 (started, page closed) answers two of the task's five items from a second device.
    const c = new Client(stack.baseUrl);
    await c.login("T-003", PASSWORD);
    const s = c.socket("/exam");
    await connected(s);
    const attemptId = attemptOf("T-003");
    for (const item of fx.items.slice(0, 2)) {
      const res = await emitAck(s, "answer:save", {
        attemptId,
        target: { kind: "item", id: item.id },
        revision: 1,
        data: { boxes: [{ id: "b1", label: "car", x: 10, y: 20, w: 30, h: 40 }] },
      });
      expect(res.error).toBeUndefined();
    }
    s.disconnect();
    const bars = row("T-003").getByTestId("task-bar");
    await expect.poll(() => bars.nth(1).getAttribute("data-answered"), { timeout: 10_000 }).toBe("2");
    expect(await bars.count()).toBe(2);
    // Theory first (its ten questions), then the task of five items.
    expect(await bars.nth(0).getAttribute("title")).toBe("理论：0/10");
    expect(await bars.nth(1).getAttribute("title")).toBe("任务 1：2/5");
    const fill = await bars
      .nth(1)
      .evaluate((el) => (el.firstElementChild as HTMLElement).offsetWidth / (el as HTMLElement).offsetWidth);
    expect(fill).toBeCloseTo(0.4, 1);
    expect(await row("T-003").getByTestId("progress").getAttribute("data-answered")).toBe("2");

    await row("T-003").getByTestId("details").click();
    const drawer = proctor.getByTestId("contestant-drawer");
    await drawer.getByTestId("task-table").waitFor();
    const rows = await drawer
      .getByTestId("task-row")
      .evaluateAll((els) => els.map((e) => e.textContent?.replace(/\s+/g, " ").trim()));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^理论.*0\/10$/);
    expect(rows[1]).toMatch(/^任务 1 街景目标检测.*2\/5$/);
    await screenshot(proctor, "proctor-console-03b-tasks-zh");
    await drawer.getByTestId("drawer-close").click();
  });

  it("reports a contestant to the judges and lists the incident with its details and the timeline", async () => {
    await row("T-001").getByTestId("details").click();
    const drawer = proctor.getByTestId("contestant-drawer");
    await drawer.waitFor();
    await drawer.getByTestId("drawer-report").click();
    await proctor.getByTestId("action-note").fill("看手机 looked at a phone");
    await confirmAction("report", "疑似作弊 suspected cheating");
    await expect.poll(() => row("T-001").getByTestId("incidents").getAttribute("data-count")).toBe("1");
    await drawer.getByTestId("incident-item").first().waitFor();
    expect(await drawer.getByTestId("incident-item").first().getAttribute("data-kind")).toBe(
      "proctor-report",
    );
    const incidentText = await drawer.getByTestId("incident-item").first().textContent();
    expect(incidentText).toContain("监考报告裁判");
    expect(incidentText).toContain("疑似作弊 suspected cheating");
    await expect
      .poll(() =>
        drawer
          .getByTestId("timeline-event")
          .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind"))),
      )
      .toContain("incident");
    const kinds = await drawer
      .getByTestId("timeline-event")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds[0]).toBe("started");
    await screenshot(proctor, "proctor-console-03-drawer-zh");
    await drawer.getByTestId("drawer-close").click();

    // The incidents count opens the same drawer at the incidents.
    await row("T-001").getByTestId("incidents").click();
    await proctor.getByTestId("drawer-incidents").getByTestId("incident-item").first().waitFor();
    await proctor.getByTestId("drawer-close").click();
  });

  it("extends one contestant: the deadline moves, the row shows it, the contestant is told", async () => {
    const attemptId = attemptOf("T-001");
    const before =
      (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).deadlineAt?.getTime() ?? 0;
    const leftBefore = Number(await row("T-001").getByTestId("time-left").getAttribute("data-ms"));
    await row("T-001").getByTestId("extend").click();
    await confirmAction("extend", "电脑重启 computer restarted", 15);
    await expect
      .poll(async () =>
        (await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).deadlineAt?.getTime(),
      )
      .toBe(before + 15 * 60_000);
    await expect
      .poll(async () => Number(await row("T-001").getByTestId("time-left").getAttribute("data-ms")))
      .toBeGreaterThan(leftBefore + 14 * 60_000);
    expect(await row("T-001").getByTestId("time-left").textContent()).toContain("+15");
    await working.getByTestId("exam-notice").waitFor();
  });

  it("pauses everyone, then resumes: the rows, the figures and the contestant's page follow", async () => {
    await proctor.getByTestId("pause-all").click();
    await confirmAction("pause-all", "停电 power cut");
    await proctor.getByTestId("console-notice").waitFor();
    expect(await proctor.getByTestId("console-notice").getAttribute("data-count")).toBe("2");
    await row("T-001").getByTestId("badge-paused").waitFor();
    expect(await row("T-001").getByTestId("time-left").getAttribute("data-paused")).toBe("true");
    expect(await figure("paused")).toBe("2");
    expect(await figure("working")).toBe("0");
    await working.getByTestId("exam-paused").waitFor();
    const frozen = await row("T-001").getByTestId("time-left").getAttribute("data-ms");
    await proctor.waitForTimeout(1_200); // a paused clock stands still across ticks
    expect(await row("T-001").getByTestId("time-left").getAttribute("data-ms")).toBe(frozen);
    await screenshot(proctor, "proctor-console-04-paused-zh");

    await proctor.getByTestId("resume-all").click();
    await confirmAction("resume-all", "恢复供电 power back");
    await row("T-001").getByTestId("badge-paused").waitFor({ state: "detached" });
    expect(await figure("paused")).toBe("0");
    await working.getByTestId("exam-paused").waitFor({ state: "detached" });
    const a = await stack.db.attempt.findUniqueOrThrow({ where: { id: attemptOf("T-001") } });
    expect(a.pausedAt).toBeNull();
  });

  it("locks and unlocks one contestant from the drawer, each on the timeline", async () => {
    await row("T-001").getByTestId("details").click();
    const drawer = proctor.getByTestId("contestant-drawer");
    await drawer.getByTestId("drawer-lock").click();
    await confirmAction("lock", "核对身份 identity check");
    await row("T-001").getByTestId("badge-locked").waitFor();
    await working.getByTestId("exam-locked").waitFor();
    expect(await figure("locked")).toBe("1");
    await drawer.getByTestId("drawer-unlock").click();
    await confirmAction("unlock", "身份无误 identity confirmed");
    await row("T-001").getByTestId("badge-locked").waitFor({ state: "detached" });
    await working.getByTestId("exam-locked").waitFor({ state: "detached" });
    await expect
      .poll(() =>
        drawer
          .locator('[data-testid="timeline-event"][data-kind="control"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute("data-action"))),
      )
      .toEqual(
        expect.arrayContaining([
          "attempt.extend",
          "attempt.pause",
          "attempt.resume",
          "attempt.lock",
          "attempt.unlock",
        ]),
      );
    await drawer.getByTestId("drawer-close").click();
  });

  it("shows the server's refusal with its code when another proctor paused first", async () => {
    const other = new Client(stack.baseUrl);
    expect((await other.login(fx.proctor, PASSWORD)).status).toBe(200);
    const socket: Socket = other.socket("/proctor");
    await connected(socket);
    try {
      await row("T-001").getByTestId("details").click();
      await proctor.getByTestId("drawer-pause").click();
      await proctor.getByTestId("action-dialog-pause").waitFor();
      const res = await emitAck(socket, "attempt:pause", {
        attemptId: attemptOf("T-001"),
        reason: "另一位监考",
      });
      expect(res.error).toBeUndefined();
      await proctor.getByTestId("action-reason").fill("同时操作 at the same time");
      await proctor.getByTestId("action-confirm").click();
      const error = proctor.getByTestId("action-error");
      await error.waitFor();
      expect(await error.getAttribute("data-code")).toBe("CONFLICT");
      expect(await error.textContent()).toContain("CONFLICT");
      await proctor.getByRole("button", { name: "取消" }).click();
      // The other proctor's pause reached this console by its broadcast.
      await row("T-001").getByTestId("badge-paused").waitFor();
      await proctor.getByTestId("drawer-resume").click();
      await confirmAction("resume", "继续 carry on");
      await row("T-001").getByTestId("badge-paused").waitFor({ state: "detached" });
      await proctor.getByTestId("drawer-close").click();
    } finally {
      socket.close();
    }
  });

  it("messages one contestant and sees the acknowledgement; a message to all counts who have read it", async () => {
    await row("T-001").getByTestId("details").click();
    const drawer = proctor.getByTestId("contestant-drawer");
    await drawer.getByTestId("message-one-text").fill("请举手 please raise your hand");
    await drawer.getByTestId("message-one-send").click();
    await drawer.getByTestId("drawer-message-ack").waitFor();
    expect(await drawer.getByTestId("drawer-message-ack").getAttribute("data-acked")).toBe("false");
    expect(await row("T-001").getByTestId("badge-unacked").count()).toBe(1);
    const item = proctor.getByTestId("messages-list").locator("li").first();
    expect(await item.getByTestId("message-acks").getAttribute("data-recipients")).toBe("1");
    expect(await item.getByTestId("message-acks").getAttribute("data-acked")).toBe("0");

    const dialog = working.getByTestId("proctor-message");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("please raise your hand");
    await working.getByTestId("ack-message").click();
    await expect.poll(() => item.getByTestId("message-acks").getAttribute("data-acked")).toBe("1");
    expect(await item.getByTestId("message-acks").textContent()).toBe("1/1 已确认");
    await expect.poll(() => drawer.getByTestId("drawer-message-ack").getAttribute("data-acked")).toBe("true");
    expect(await row("T-001").getByTestId("badge-unacked").count()).toBe(0);
    await drawer.getByTestId("drawer-close").click();

    // To everyone: 0 of 4 at first, then T-001 reads it; the list names who has and who has not.
    await proctor.getByTestId("message-text").fill("还有 15 分钟 15 minutes left");
    await proctor.getByTestId("message-send").click();
    const all = proctor.getByTestId("messages-list").locator("li").first();
    await expect.poll(() => all.textContent()).toContain("15 minutes left");
    expect(await all.getByTestId("message-acks").getAttribute("data-recipients")).toBe("4");
    await working.getByTestId("ack-message").click();
    await expect.poll(() => all.getByTestId("message-acks").getAttribute("data-acked")).toBe("1");
    await all.getByTestId("message-acks-toggle").click();
    expect(await all.getByTestId("acked-names").textContent()).toContain("Contestant 1");
    expect(await all.getByTestId("waiting-names").textContent()).toContain("Contestant 2");
    await screenshot(proctor, "proctor-console-05-messages-zh");
  });

  it("catches up after a reconnect without a reload, saying so meanwhile", async () => {
    await proctor.evaluate(() => {
      (window as unknown as { marker: string }).marker = "same page";
      const w = window as unknown as { sawBanner: boolean };
      w.sawBanner = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="reconnecting-banner"]')) w.sawBanner = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const watches = Number(await proctor.getByTestId("proctor-console").getAttribute("data-watches"));
    // The server's connections to the proctors drop (as in a restart, no goodbye); the page reconnects.
    for (const s of stack.app.io.of("/proctor").sockets.values()) s.conn.close();
    await expect
      .poll(() => proctor.evaluate(() => (window as unknown as { sawBanner: boolean }).sawBanner))
      .toBe(true);
    await expect
      .poll(async () => Number(await proctor.getByTestId("proctor-console").getAttribute("data-watches")), {
        timeout: 15_000,
      })
      .toBe(watches + 1);
    expect(await proctor.getByTestId("reconnecting-banner").count()).toBe(0);
    expect(await proctor.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
    expect(await connectionOf("T-001")).toBe("online");
    expect(await row("T-001").getByTestId("incidents").getAttribute("data-count")).toBe("1");
  });

  it("fits 1024 px in Chinese and in English: nothing runs off, no button cut at the list's edge", async () => {
    await expectNothingClipped(proctor);
    await expectDrawerFits();

    await proctor.getByTestId("lang-switch").click();
    await expect.poll(() => row("T-001").getByTestId("force-submit").textContent()).toBe("Collect");
    await expectNothingClipped(proctor);
    expect(await proctor.getByTestId("session-starts").textContent()).toMatch(
      /\b\d{1,2} [A-Z][a-z]{2,4} \d{4}, \d{2}:\d{2}\b/,
    );
    expect(await proctor.getByTestId("session-starts").textContent()).not.toMatch(/\d+\/\d+\/\d+/);
    expect(await row("T-003").getByTestId("connection").textContent()).toMatch(/seen \d+ (s|min) ago/);
    await screenshot(proctor, "proctor-console-06-en");
    await expectDrawerFits("proctor-console-07-drawer-en");
    await proctor.getByTestId("lang-switch").click();
  });

  it("stays live with a hall of 5,000: a windowed list, a flood of progress applied in batches", async () => {
    // 4,996 more contestants in the same session (seats S0005…S5000).
    const first = await stack.db.contestant.findFirstOrThrow({ where: { ticketNumber: "T-001" } });
    const passwordHash = await hashPassword(PASSWORD);
    const numbers = Array.from({ length: 4996 }, (_, i) => i + 5);
    for (let i = 0; i < numbers.length; i += 25)
      await Promise.all(
        numbers.slice(i, i + 25).map((n) =>
          createContestant(stack.db, {
            stageId: first.stageId,
            sessionId: fx.sessionId,
            ticketNumber: `T-${String(n).padStart(4, "0")}`,
            password: PASSWORD,
            passwordHash,
            name: `Contestant ${n}`,
            seat: `S${String(n).padStart(4, "0")}`,
          }),
        ),
      );
    const attempts = await stack.db.attempt.findMany({
      where: { examSessionId: fx.sessionId },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    expect(attempts).toHaveLength(5000);

    const loadStart = Date.now();
    await proctor.reload();
    await expect.poll(() => figure("total"), { timeout: 30_000 }).toBe("5000");
    console.log(`5,000 rows: roster on screen ${Date.now() - loadStart} ms after the reload`);
    expect(await proctor.getByTestId("rows-shown").getAttribute("data-shown")).toBe("5000");
    const rendered = () =>
      proctor.locator('[data-testid="roster-scroll"] [data-testid^="roster-row-"]').count();
    expect(await rendered()).toBeLessThan(60);
    // Scrolled to the end, the last seats are rendered (and still only a window of rows).
    await proctor.getByTestId("roster-scroll").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await row("T-5000").waitFor();
    expect(await rendered()).toBeLessThan(60);

    // A flood: three progress events for each of the 5,000 (15,000 at once); the last says half of
    // them answered 15 of 15 and the other half 6 of 15.
    const floodStart = Date.now();
    const nsp = stack.app.io.of("/proctor").to(rooms.session(fx.sessionId));
    const at = new Date().toISOString();
    for (let round = 1; round <= 3; round++)
      attempts.forEach(({ id }, i) => {
        const e: ContestantProgress = {
          sessionId: fx.sessionId,
          attemptId: id,
          answered: round < 3 ? round : i % 2 === 0 ? 15 : 6,
          total: 15,
          status: "IN_PROGRESS",
          startedAt: at,
          deadlineAt: null,
          at,
        };
        nsp.emit("contestant:progress", e);
      });
    await expect
      .poll(() => proctor.getByTestId("progress-histogram").getAttribute("data-counts"), { timeout: 60_000 })
      .toBe("0,0,0,0,2500,0,0,0,0,2500");
    console.log(
      `15,000 progress events: figures settled ${Date.now() - floodStart} ms after the first was sent`,
    );
    expect(await figure("working")).toBe("5000");
    expect(await figure("averageProgress")).toBe("0.7000");
    // Still responsive: sorting 5,000 rows by progress puts the 6-of-15 ones first.
    await proctor.getByTestId("sort-progress").click();
    await proctor.getByTestId("roster-scroll").evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect
      .poll(
        async () =>
          await proctor
            .locator('[data-testid^="roster-row-"] [data-testid="progress"]')
            .first()
            .getAttribute("data-answered"),
      )
      .toBe("6");
    expect(await rendered()).toBeLessThan(60);
    // The bar shows the share: 6 of 15 fills 40 % of it.
    const bar = proctor.locator('[data-testid^="roster-row-"] .progress-bar').first();
    const fill = proctor.locator('[data-testid^="roster-row-"] .progress-fill').first();
    const [barBox, fillBox] = [await bar.boundingBox(), await fill.boundingBox()];
    expect((fillBox?.width ?? 0) / (barBox?.width ?? 1)).toBeCloseTo(0.4, 1);
    await expectNothingClipped(proctor);
    await screenshot(proctor, "proctor-console-08-5000");
  }, 240_000);
});
