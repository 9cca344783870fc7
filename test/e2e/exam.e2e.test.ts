// End to end in Chromium against the built client: a contestant signs in, answers two questions,
// draws two boxes and submits; the proctor's page shows the score the worker writes.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS,
  assertClientBuilt,
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

/** Drags on the canvas from (x1, y1) to (x2, y2), given as fractions of the stage element. */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const stage = await page.getByTestId("canvas-stage").boundingBox();
  if (!stage) throw new Error("no canvas");
  const at = ([fx, fy]: [number, number]) =>
    [stage.x + stage.width * fx, stage.y + stage.height * fy] as const;
  const [x1, y1] = at(from);
  const [x2, y2] = at(to);
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, { steps: 4 });
  await page.mouse.move(x2, y2, { steps: 4 });
  await page.mouse.up();
}

describe("an exam in the browser", () => {
  it("goes from sign-in to a score on the proctor's page", async () => {
    const proctorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const proctor = await proctorCtx.newPage();
    await signIn(proctor, fx.proctor);
    await proctor.getByTestId(`session-link-${fx.sessionId}`).click();
    await proctor.getByTestId("proctor-console").waitFor();
    const row = proctor.getByTestId("roster-row-T-001");
    await row.waitFor();

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await signIn(page, "T-001");
    await page.getByTestId("lobby").waitFor();
    await screenshot(page, "01-lobby");
    await page.getByTestId("start-attempt").first().click();
    await page.getByTestId("exam").waitFor();

    // Question 1 (single choice, key A) and question 6 (true/false, key true).
    await page.getByTestId("nav-question-1").click();
    await page.getByTestId("option-A").check();
    await page.getByTestId("nav-question-6").click();
    await page.getByTestId("tf-true").check();
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");

    await page.getByTestId("nav-item-1-1").click();
    await page.getByTestId("canvas-stage").waitFor();
    await page.getByTestId("label-car").click();
    await drag(page, [0.1, 0.1], [0.3, 0.3]);
    await page.getByTestId("label-tree").click();
    await drag(page, [0.5, 0.5], [0.7, 0.8]);
    await expect.poll(() => page.getByTestId("box-count").textContent()).toContain("2");
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await screenshot(page, "02-canvas");
    await expect.poll(() => row.getByTestId("progress").textContent()).toContain("3");
    await screenshot(proctor, "03-proctor-in-progress");

    // What the browser saved is what PostgreSQL holds.
    const attemptId = fx.contestants[0]?.attemptId ?? "";
    const saved = await stack.db.answer.findFirst({ where: { attemptId, itemId: fx.items[0]?.id } });
    const labels = ((saved?.data ?? { boxes: [] }) as { boxes: { label: string }[] }).boxes.map(
      (b) => b.label,
    );
    expect(labels.sort()).toEqual(["car", "tree"]);

    await page.getByTestId("submit-exam").click();
    await page.getByTestId("confirm-submit").click();
    const submittedAt = Date.now();
    await page.getByTestId("exam-closed").waitFor();

    const version = await (async () => {
      for (;;) {
        const v = await stack.db.scoreVersion.findFirst({ where: { attemptId, current: true } });
        if (v) return v;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const shown = version.total.toFixed(1);
    await expect.poll(() => row.getByTestId("score").textContent(), { timeout: 30_000 }).toContain(shown);
    const submitToScoreMs = Date.now() - submittedAt;
    expect(version.theory).toBe(6); // two right answers of ten equal questions: 30 × 2/10
    await expect.poll(() => row.getByTestId("status").textContent()).not.toBe("");
    await screenshot(proctor, "04-proctor-scored");
    await screenshot(page, "05-contestant-submitted");
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, "timings.json"),
      `${JSON.stringify({ submitToScoreShownMs: submitToScoreMs, total: version.total }, null, 2)}\n`,
    );
    console.log(`submit → score shown on the proctor page: ${submitToScoreMs} ms`);
    await ctx.close();
    await proctorCtx.close();
  });
});
