// End to end in Chromium: work is never lost. Edits made offline are kept in IndexedDB and saved on
// reconnect; a tab closed or reloaded with unsent edits gets them back and saves them (or, after the
// deadline, keeps them and says they were not saved); damaged documents (in PostgreSQL or in
// IndexedDB) are named in a banner while the rest of the exam works.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertClientBuilt,
  dragOnCanvas,
  launchBrowser,
  screenshot,
  signIn as signInAs,
} from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, { contestants: 4 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface JournalRecord {
  target: { kind: string; id: string };
  revision: number;
  acked: number;
  data: unknown;
}

/** The answer journal the page keeps in IndexedDB, read from inside the page. */
function readJournal(page: Page, attemptId: string): Promise<Record<string, JournalRecord>> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      if (!db.objectStoreNames.contains("targets")) return {};
      const tx = db.transaction("targets", "readonly");
      const store = tx.objectStore("targets");
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map(
          (req) =>
            new Promise<unknown[]>((resolve, reject) => {
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            }),
        ),
      );
      return Object.fromEntries((keys ?? []).map((k, i) => [String(k), values?.[i]]));
    } finally {
      db.close();
    }
  }, `labelarena-journal-${attemptId}`) as Promise<Record<string, JournalRecord>>;
}

/** Writes a raw value into the page's journal, as a damaged disk or an old version might leave it. */
function writeJournal(page: Page, attemptId: string, key: string, value: unknown): Promise<void> {
  return page.evaluate(
    async ({ name, key, value }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction("targets", "readwrite");
          tx.objectStore("targets").put(value, key);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { name: `labelarena-journal-${attemptId}`, key, value },
  );
}

async function openExam(ctx: BrowserContext, ticket: string): Promise<Page> {
  const page = await ctx.newPage();
  await signInAs(page, stack.baseUrl, ticket, PASSWORD);
  await page.getByTestId("lobby").waitFor();
  await page.getByTestId("start-attempt").first().click();
  await page.getByTestId("exam").waitFor();
  return page;
}

const status = (page: Page) => page.getByTestId("save-status").getAttribute("data-status");
const pending = (page: Page) => page.getByTestId("save-status").getAttribute("data-pending");

async function savedBoxes(attemptId: string, itemId: string) {
  const a = await stack.db.answer.findFirst({ where: { attemptId, itemId } });
  return a ? { revision: a.revision, boxes: (a.data as { boxes: { label: string }[] }).boxes } : null;
}

async function savedAnswer(attemptId: string, questionId: string) {
  const a = await stack.db.answer.findFirst({ where: { attemptId, questionId } });
  return a?.data ?? null;
}

function contestant(i: number) {
  const c = fx.contestants[i];
  if (!c) throw new Error(`no contestant ${i}`);
  return c;
}
function itemId(i: number): string {
  const it = fx.items[i];
  if (!it) throw new Error(`no item ${i}`);
  return it.id;
}
function questionId(i: number): string {
  const q = fx.questions[i];
  if (!q) throw new Error(`no question ${i}`);
  return q.id;
}

describe("never losing work", () => {
  it("keeps edits made offline on this computer and saves them when back online", async () => {
    const { ticket, attemptId } = contestant(0);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openExam(ctx, ticket);
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
    await expect.poll(() => status(page)).toBe("saved");
    // Open the image while online (it is loaded from the server), then lose the network.
    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("canvas-stage").waitFor();
    await ctx.setOffline(true);
    await expect.poll(() => status(page)).toBe("offline");

    await page.getByTestId("label-car").click();
    await dragOnCanvas(page, [0.1, 0.1], [0.3, 0.3]);
    await expect.poll(() => page.getByTestId("box-count").textContent()).toBe("1");
    await page.getByTestId("nav-question-6").click();
    await page.getByTestId("tf-true").check();
    await expect.poll(() => pending(page)).toBe("2");
    expect(await status(page)).toBe("offline");
    await screenshot(page, "offline-01-pending");

    // Nothing reached PostgreSQL; both changes are in IndexedDB, not acknowledged.
    expect(await savedBoxes(attemptId, itemId(0))).toBeNull();
    expect(await savedAnswer(attemptId, questionId(5))).toBeNull();
    const journal = await readJournal(page, attemptId);
    expect(journal[`item:${itemId(0)}`]).toMatchObject({ acked: 0, data: { boxes: [{ label: "car" }] } });
    expect(journal[`question:${questionId(5)}`]).toMatchObject({ acked: 0, data: { value: true } });

    await ctx.setOffline(false);
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe("saved");
    expect(await pending(page)).toBe("0");
    expect((await savedBoxes(attemptId, itemId(0)))?.boxes.map((b) => b.label)).toEqual(["car"]);
    expect(await savedAnswer(attemptId, questionId(5))).toEqual({ value: true });
    expect(await savedAnswer(attemptId, questionId(0))).toEqual({ choice: "A" });
    // And the journal knows the server has them.
    await expect
      .poll(async () => Object.values(await readJournal(page, attemptId)).every((r) => r.acked >= r.revision))
      .toBe(true);
    await screenshot(page, "offline-02-saved-on-reconnect");
    await ctx.close();
  });

  it("gets unsent edits back after the tab is closed or reloaded, and saves them", async () => {
    const { ticket, attemptId } = contestant(1);
    const examUrl = `${stack.baseUrl}/exam/${attemptId}`;
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openExam(ctx, ticket);
    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("canvas-stage").waitFor();
    await page.getByTestId("label-car").click();
    await dragOnCanvas(page, [0.1, 0.1], [0.3, 0.3]);
    await expect.poll(() => status(page)).toBe("saved");

    // Offline in the middle of the task: one more box and an answer, kept only on this computer.
    await ctx.setOffline(true);
    await expect.poll(() => status(page)).toBe("offline");
    await page.getByTestId("label-tree").click();
    await dragOnCanvas(page, [0.5, 0.5], [0.7, 0.8]);
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-B").check();
    await expect.poll(() => pending(page)).toBe("2");
    await expect
      .poll(async () => {
        const j = await readJournal(page, attemptId);
        const it = j[`item:${itemId(0)}`];
        const q = j[`question:${questionId(0)}`];
        return it && q && it.acked < it.revision && q.acked < q.revision
          ? [(it.data as { boxes: unknown[] }).boxes.length, q.data]
          : null;
      })
      .toEqual([2, { choice: "B" }]);
    await screenshot(page, "reload-01-offline-before-closing");
    expect((await savedBoxes(attemptId, itemId(0)))?.boxes).toHaveLength(1);

    // The tab goes away (a crash, a closed window) before the network is back.
    await page.close();
    await ctx.setOffline(false);
    expect((await savedBoxes(attemptId, itemId(0)))?.boxes).toHaveLength(1);
    expect(await savedAnswer(attemptId, questionId(0))).toBeNull();

    const again = await ctx.newPage();
    await again.goto(examUrl);
    await again.getByTestId("exam").waitFor();
    await expect.poll(() => status(again), { timeout: 15_000 }).toBe("saved");
    expect(await pending(again)).toBe("0");
    expect((await savedBoxes(attemptId, itemId(0)))?.boxes.map((b) => b.label)).toEqual(["car", "tree"]);
    expect(await savedAnswer(attemptId, questionId(0))).toEqual({ choice: "B" });
    expect(await again.getByTestId("option-B").isChecked()).toBe(true);
    await again.getByTestId("nav-item-1-1").click();
    await expect.poll(() => again.getByTestId("box-count").textContent()).toBe("2");
    await screenshot(again, "reload-02-restored-and-saved");

    // A reload at the very moment the network comes back: the edit survives either way.
    await again.getByTestId("canvas-stage").waitFor();
    await ctx.setOffline(true);
    await expect.poll(() => status(again)).toBe("offline");
    await again.getByTestId("label-car").click();
    await dragOnCanvas(again, [0.6, 0.1], [0.8, 0.3]);
    await expect.poll(() => pending(again)).toBe("1");
    await ctx.setOffline(false);
    await again.reload();
    await again.getByTestId("exam").waitFor();
    await expect.poll(() => status(again), { timeout: 15_000 }).toBe("saved");
    await expect.poll(async () => (await savedBoxes(attemptId, itemId(0)))?.boxes.length).toBe(3);
    await again.getByTestId("nav-item-1-1").click();
    await expect.poll(() => again.getByTestId("box-count").textContent()).toBe("3");
    await screenshot(again, "reload-03-after-reload");
    await ctx.close();
  });

  it("names malformed documents in a banner, discards damaged local copies, and the rest works", async () => {
    const { ticket, attemptId } = contestant(2);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openExam(ctx, ticket);

    // A box with a negative width saved for image 2, and an answer of the wrong shape for question 2.
    await stack.db.answer.create({
      data: {
        attemptId,
        itemId: itemId(1),
        revision: 3,
        data: { boxes: [{ id: "bad", label: "car", x: 10, y: 10, w: -4, h: 5 }] },
        savedAt: new Date(),
      },
    });
    await stack.db.answer.create({
      data: { attemptId, questionId: questionId(1), revision: 2, data: { bogus: true }, savedAt: new Date() },
    });
    // A damaged copy of image 3 on this computer, and a record that is no record at all.
    const local = `item:${itemId(2)}`;
    await writeJournal(page, attemptId, local, {
      v: 1,
      target: { kind: "item", id: itemId(2) },
      revision: 7,
      acked: 0,
      seq: 1,
      changedAt: 0,
      data: { boxes: "lots" },
    });
    await writeJournal(page, attemptId, "garbage", "%%%");

    await page.reload();
    await page.getByTestId("exam").waitFor();
    const banner = page.getByTestId("document-error");
    await banner.waitFor();
    await expect
      .poll(() => banner.locator("li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-target"))))
      .toEqual([`item:${itemId(1)}`, `question:${questionId(1)}`, local, ""]);
    expect(await banner.locator(`li[data-target="item:${itemId(1)}"]`).getAttribute("data-source")).toBe(
      "server",
    );
    expect(await banner.locator(`li[data-target="${local}"]`).getAttribute("data-source")).toBe("local");
    expect(await banner.textContent()).toContain("boxes.0.w");
    await screenshot(page, "malformed-01-banner");
    // The damaged local records are gone from IndexedDB.
    await expect.poll(async () => Object.keys(await readJournal(page, attemptId))).toEqual([]);

    // The damaged image shows the problem, not a silent blank canvas, and can be worked on again.
    await page.getByTestId("nav-item-1-2").click();
    await page.getByTestId("canvas-stage").waitFor();
    await page.getByTestId("document-error-current").waitFor();
    expect(await page.getByTestId("box-count").textContent()).toBe("0");
    await screenshot(page, "malformed-02-item");

    // Everything else works.
    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("canvas-stage").waitFor();
    await page.getByTestId("label-car").click();
    await dragOnCanvas(page, [0.1, 0.1], [0.3, 0.3]);
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
    await expect.poll(() => status(page)).toBe("saved");
    expect((await savedBoxes(attemptId, itemId(0)))?.boxes).toHaveLength(1);
    expect(await savedAnswer(attemptId, questionId(0))).toEqual({ choice: "A" });

    // A new box on the damaged image replaces the damaged version.
    await page.getByTestId("nav-item-1-2").click();
    await page.getByTestId("canvas-stage").waitFor();
    await dragOnCanvas(page, [0.4, 0.4], [0.6, 0.6]);
    await expect.poll(() => status(page)).toBe("saved");
    expect(await page.getByTestId("document-error-current").count()).toBe(0);
    const fixed = await savedBoxes(attemptId, itemId(1));
    expect(fixed?.revision).toBe(4);
    expect(fixed?.boxes).toHaveLength(1);
    await page.getByTestId("document-error-dismiss").click();
    expect(await page.getByTestId("document-error").count()).toBe(0);
    await screenshot(page, "malformed-03-rest-works");
    await ctx.close();
  });

  it("keeps unsent edits but does not send them when the page comes back after the deadline", async () => {
    const { ticket, attemptId } = contestant(3);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openExam(ctx, ticket);
    await ctx.setOffline(true);
    await expect.poll(() => status(page)).toBe("offline");
    await page.getByTestId("option-C").check();
    await expect.poll(() => pending(page)).toBe("1");
    await expect
      .poll(async () => (await readJournal(page, attemptId))[`question:${questionId(0)}`]?.data)
      .toEqual({ choice: "C" });
    await page.close();

    // The time runs out before the contestant is back.
    await stack.db.attempt.update({
      where: { id: attemptId },
      data: { deadlineAt: new Date(Date.now() - 1_000) },
    });
    await ctx.setOffline(false);
    const again = await ctx.newPage();
    await again.goto(`${stack.baseUrl}/exam/${attemptId}`);
    await again.getByTestId("exam-closed").waitFor();
    await again.getByTestId("unsaved-after-close").waitFor();
    expect(await pending(again)).toBe("1");
    expect(await status(again)).toBe("error");
    await screenshot(again, "deadline-01-kept-not-sent");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await savedAnswer(attemptId, questionId(0))).toBeNull();
    // Still on this computer, still marked as not acknowledged.
    expect((await readJournal(again, attemptId))[`question:${questionId(0)}`]).toMatchObject({
      acked: 0,
      data: { choice: "C" },
    });
    await ctx.close();
  });
});
