// End to end in Chromium: a transcription item. The contestant types a transcript, steers the player
// with the keys while the caret stays in the textarea (speed, play / pause, skip, loop), seeks and
// sets a loop region on the timeline, undoes with Ctrl+Z, and gets the transcript back after a
// reload. The proof is what PostgreSQL holds for the item.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTask } from "../../prisma/seed/tasks.ts";
import {
  assertClientBuilt,
  launchBrowser,
  screenshot,
  signIn,
  startFirstAttempt,
} from "../helpers/browser.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let fx: ExamFixture;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  fx = await newExamFixture(stack.db, {
    questions: [],
    tasks: [demoTask("TRANSCRIPTION", 2)],
    contestants: 1,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface AudioState {
  paused: boolean;
  currentTime: number;
  duration: number;
  playbackRate: number;
  readyState: number;
}

const audioState = (page: Page): Promise<AudioState> =>
  page.getByTestId("audio-element").evaluate((el) => {
    const a = el as HTMLAudioElement;
    return {
      paused: a.paused,
      currentTime: a.currentTime,
      duration: a.duration,
      playbackRate: a.playbackRate,
      readyState: a.readyState,
    };
  });

/** The saved document of item `index` of the paper, as PostgreSQL holds it. */
async function savedText(index: number): Promise<unknown> {
  const attemptId = fx.contestants[0]?.attemptId ?? "";
  const answer = await stack.db.answer.findFirst({ where: { attemptId, itemId: fx.items[index]?.id } });
  return answer?.data ?? null;
}

/** Clicks (or drags between) points of the timeline given as fractions of its width. */
async function onTimeline(page: Page, from: number, to = from): Promise<void> {
  const box = await page.getByTestId("audio-timeline").boundingBox();
  if (!box) throw new Error("no timeline");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  if (to !== from) await page.mouse.move(box.x + box.width * to, y, { steps: 6 });
  await page.mouse.up();
}

describe("transcription in the browser", () => {
  it("types, steers the player from the textarea, undoes, and keeps the transcript", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
    const transcript = page.getByTestId("transcript");
    await transcript.waitFor();

    // The recording loads through the contestant's cookie: its real length is shown.
    await expect.poll(async () => (await audioState(page)).readyState).toBeGreaterThanOrEqual(1);
    const { duration } = await audioState(page);
    expect(duration).toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId("audio-time").textContent()).toMatch(/^0:00\.0 \/ 0:0\d\.\d$/);
    await expect.poll(() => page.getByTestId("audio-help").textContent()).toContain("Ctrl+L");

    // Typing: two steps, split by moving the caret (End) between them.
    await transcript.click();
    await page.keyboard.type("30");
    await page.keyboard.press("End");
    await page.keyboard.type("5x");
    await expect.poll(() => transcript.inputValue()).toBe("305x");

    // Speed from the textarea: Ctrl+] twice, Ctrl+[ once; the caret never leaves.
    await page.keyboard.press("Control+BracketRight");
    await page.keyboard.press("Control+BracketRight");
    await expect.poll(async () => (await audioState(page)).playbackRate).toBe(1.5);
    await page.keyboard.press("Control+BracketLeft");
    await expect.poll(async () => (await audioState(page)).playbackRate).toBe(1.25);
    await expect.poll(() => page.getByTestId("audio-speed").inputValue()).toBe("1.25");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("transcript");

    // Play with Ctrl+Space: time moves on; Esc pauses.
    await page.keyboard.press("Control+Space");
    await expect.poll(() => page.getByTestId("audio-play").getAttribute("data-playing")).toBe("true");
    await expect
      .poll(async () => (await audioState(page)).currentTime, { timeout: 10_000 })
      .toBeGreaterThan(0.3);
    await screenshot(page, "audio-01-playing");
    await page.keyboard.press("Escape");
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await expect.poll(() => page.getByTestId("audio-play").getAttribute("data-playing")).toBe("false");

    // Seek by clicking the middle of the timeline, then back 2 s with Ctrl+, from the textarea.
    await onTimeline(page, 0.5);
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(duration / 2, 0);
    const middle = (await audioState(page)).currentTime;
    await transcript.click();
    await page.keyboard.press("Control+Comma");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(middle - 2, 1);
    await page.keyboard.press("Control+Period");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(middle, 1);

    // A loop region dragged (right to left) on the timeline after the playhead: playback moves to
    // its start. Ctrl+L turns the loop off and on.
    await onTimeline(page, 0.9, 0.6);
    await page.getByTestId("audio-region").waitFor();
    await expect.poll(() => page.getByTestId("audio-loop").getAttribute("aria-pressed")).toBe("true");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(duration * 0.6, 0);
    await screenshot(page, "audio-02-loop-region");
    await transcript.click();
    await page.keyboard.press("Control+KeyL");
    await expect.poll(() => page.getByTestId("audio-loop").getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Control+KeyL");
    await expect.poll(() => page.getByTestId("audio-loop").getAttribute("aria-pressed")).toBe("true");

    // Played with the loop on, playback wraps from B back to A instead of running on.
    const wrapped = page.getByTestId("audio-element").evaluate(
      (el) =>
        new Promise<{ max: number; to: number }>((resolve) => {
          const a = el as HTMLAudioElement;
          let max = a.currentTime;
          let last = a.currentTime;
          const check = () => {
            const t = a.currentTime;
            if (t < last - 0.2) return resolve({ max, to: t });
            max = Math.max(max, t);
            last = t;
            requestAnimationFrame(check);
          };
          check();
        }),
    );
    await page.keyboard.press("Control+Space");
    const { max, to } = await wrapped;
    await page.keyboard.press("Escape");
    expect(max).toBeLessThan(duration * 0.9 + 0.15);
    expect(max).toBeGreaterThan(duration * 0.9 - 0.15);
    expect(to).toBeCloseTo(duration * 0.6, 0);

    // Undo in the textarea is the transcript's own history: one step per burst of typing.
    await page.keyboard.press("Control+KeyZ");
    await expect.poll(() => transcript.inputValue()).toBe("30");
    await page.keyboard.press("Control+Shift+KeyZ");
    await expect.poll(() => transcript.inputValue()).toBe("305x");
    await page.keyboard.press("Control+KeyZ");
    await page.keyboard.type("5");
    await expect.poll(() => transcript.inputValue()).toBe("305");
    // The caret came back where the undone text was, so typing went on at the end.
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await expect.poll(() => savedText(0)).toEqual({ text: "305" });
    await screenshot(page, "audio-03-transcript");

    // The item is marked done, and a reload brings the transcript back from the server.
    await page.reload();
    await page.getByTestId("transcript").waitFor();
    await expect.poll(() => page.getByTestId("transcript").inputValue()).toBe("305");
    // The speed and undo history are per page: a fresh page starts at 1×, with nothing to undo.
    await expect.poll(() => page.getByTestId("audio-speed").inputValue()).toBe("1");
    expect(await page.getByTestId("transcript-undo").isDisabled()).toBe(true);

    // The second item is a transcript of its own.
    await page.getByTestId("nav-item-1-2").click();
    await expect.poll(() => page.getByTestId("transcript").inputValue()).toBe("");
    await page.getByTestId("transcript").click();
    await page.keyboard.type("214");
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await expect.poll(() => savedText(1)).toEqual({ text: "214" });
    expect(await savedText(0)).toEqual({ text: "305" });
    await screenshot(page, "audio-04-after-reload");
    await ctx.close();
  });
});

describe("a collected paper", () => {
  it("stops the recording and shows the transcript read-only: typing, undo and the keys change nothing", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await startFirstAttempt(page, stack.baseUrl, "T-001", PASSWORD);
    const transcript = page.getByTestId("transcript");
    await expect.poll(() => transcript.inputValue()).toBe("305");
    await transcript.click();
    await page.keyboard.type("9");
    await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
    await expect.poll(() => savedText(0)).toEqual({ text: "3059" });
    // Playing, looped so that it is still playing when the paper is collected.
    await page.keyboard.press("Control+KeyL");
    await page.keyboard.press("Control+Space");
    await expect.poll(async () => (await audioState(page)).paused).toBe(false);

    const proctorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const proctor = await proctorCtx.newPage();
    await signIn(proctor, stack.baseUrl, fx.proctor, PASSWORD);
    await proctor.getByTestId(`session-link-${fx.sessionId}`).click();
    const row = proctor.getByTestId("roster-row-T-001");
    await row.getByTestId("force-submit").click();
    await proctor.getByTestId("action-reason").fill("收卷 collected");
    await proctor.getByTestId("action-confirm").click();
    await page.getByTestId("exam-closed").waitFor();

    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    expect(await transcript.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByTestId("transcript-undo").isDisabled()).toBe(true);
    await transcript.focus();
    await page.keyboard.type("7");
    await page.keyboard.press("Control+KeyZ");
    await page.keyboard.press("Control+Space");
    expect(await transcript.inputValue()).toBe("3059");
    expect((await audioState(page)).paused).toBe(true);
    await screenshot(page, "audio-05-locked");
    expect(await savedText(0)).toEqual({ text: "3059" });
    await proctorCtx.close();
    await ctx.close();
  });
});
