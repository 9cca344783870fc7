// End to end in Chromium: polygons (draw, close, drag a vertex, insert and delete vertices, duplicate,
// undo, reload mid-task), points (place, drag, delete, undo), keypoint skeletons (place in template
// order, skip, occluded, drag, visibility key, undo) and boxes (copy / paste, hide, lock, undo), plus
// brightness and contrast and the keyboard help. The proof is what PostgreSQL holds for each item.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BOX_TASK } from "../../prisma/seed/builders.ts";
import { demoTask, STICK_FIGURE } from "../../prisma/seed/tasks.ts";
import {
  assertClientBuilt,
  launchBrowser,
  screenshot,
  startFirstAttempt,
  waitSaved,
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
    tasks: [
      demoTask("POLYGONS", 2),
      demoTask("POINTS", 1),
      demoTask("KEYPOINTS", 1),
      { ...DEFAULT_BOX_TASK, sceneSeeds: [11] },
    ],
    contestants: 1,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function startExam(ticket: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await startFirstAttempt(page, stack.baseUrl, ticket, PASSWORD);
  return page;
}

/** The document PostgreSQL holds for the `n`-th item of the paper (1-based, paper order). */
async function savedDoc<T>(n: number): Promise<T | null> {
  const attemptId = fx.contestants[0]?.attemptId ?? "";
  const answer = await stack.db.answer.findFirst({ where: { attemptId, itemId: fx.items[n - 1]?.id } });
  return (answer?.data ?? null) as T | null;
}

/** Where image pixel (x, y) is on the page, through the Konva stage's transform. */
async function screenOf(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([ix, iy]) => {
      const konva = (
        window as unknown as {
          Konva: {
            stages: {
              content: HTMLElement;
              getAbsoluteTransform(): { point(p: { x: number; y: number }): { x: number; y: number } };
            }[];
          };
        }
      ).Konva;
      const stage = konva.stages[konva.stages.length - 1];
      if (!stage) throw new Error("no stage");
      const r = stage.content.getBoundingClientRect();
      const p = stage.getAbsoluteTransform().point({ x: ix as number, y: iy as number });
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [x, y],
  );
}

/** Screen pixels per image pixel. */
async function scaleOf(page: Page): Promise<number> {
  const a = await screenOf(page, 0, 0);
  const b = await screenOf(page, 100, 0);
  return (b.x - a.x) / 100;
}

async function clickAt(page: Page, x: number, y: number, modifiers: ("Alt" | "Shift" | "Control")[] = []) {
  const p = await screenOf(page, x, y);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(p.x, p.y);
  for (const m of modifiers) await page.keyboard.up(m);
}

async function dragAt(page: Page, from: [number, number], to: [number, number]) {
  const a = await screenOf(page, from[0], from[1]);
  const b = await screenOf(page, to[0], to[1]);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

async function count(page: Page, testId = "shape-count"): Promise<number> {
  return Number(await page.getByTestId(testId).textContent());
}

/** Waits for the item's canvas, with the image fitted (the stage transform is in place). */
async function openItem(page: Page, task: number, item: number): Promise<void> {
  await page.getByTestId(`nav-item-${task}-${item}`).click();
  await page.getByTestId("canvas-stage").waitFor();
  await expect.poll(() => page.locator(".canvas-note").count()).toBe(0);
  await expect.poll(() => scaleOf(page)).toBeGreaterThan(0);
}

/** Image pixels are screen pixels divided by the scale: a click lands within a pixel or so. */
function near(actual: readonly number[], expected: readonly number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(tolerance);
  });
}

type Polygons = { polygons: { id: string; label: string; points: [number, number][] }[] };
type Points = { points: { id: string; label: string; x: number; y: number }[] };
type Keypoints = { instances: { id: string; label: string; keypoints: [number, number, number][] }[] };
type Boxes = { boxes: { id: string; label: string; x: number; y: number; w: number; h: number }[] };

describe("the shapes workspace in the browser", () => {
  let page: Page;
  beforeAll(async () => {
    page = await startExam("T-001");
  });

  it("draws and edits polygons, and they are back after a reload", async () => {
    await openItem(page, 1, 1);
    const tol = 2 / (await scaleOf(page));
    await page.getByTestId("label-lake").click();
    // Four clicks and a click on the first vertex close the polygon.
    for (const [x, y] of [
      [100, 100],
      [300, 100],
      [300, 250],
      [100, 250],
      [100, 100],
    ] as const)
      await clickAt(page, x, y);
    await expect.poll(() => count(page)).toBe(1);
    await screenshot(page, "shapes-01-polygon-drawn");

    // Drag a vertex (the new polygon is selected, its handles show).
    await dragAt(page, [300, 250], [340, 280]);
    // Alt-click the top edge inserts a vertex there; Alt-click on a vertex deletes it.
    await clickAt(page, 200, 100, ["Alt"]);
    await clickAt(page, 100, 250, ["Alt"]);
    await waitSaved(page);
    let doc = await savedDoc<Polygons>(1);
    expect(doc?.polygons).toHaveLength(1);
    const points = doc?.polygons[0]?.points ?? [];
    expect(doc?.polygons[0]?.label).toBe("lake");
    near(points.flat(), [100, 100, 200, 100, 300, 100, 340, 280], tol);

    // Ctrl+D duplicates it, Ctrl+Z takes the duplicate back.
    await page.keyboard.press("Control+d");
    await expect.poll(() => count(page)).toBe(2);
    await page.keyboard.press("Control+z");
    await expect.poll(() => count(page)).toBe(1);

    // A second polygon closed by Enter, after Backspace took back a misplaced vertex.
    await page.getByTestId("label-building").click();
    await page.keyboard.press("Escape"); // clear the selection: the next click starts a polygon
    for (const [x, y] of [
      [500, 300],
      [650, 300],
      [900, 600],
    ] as const)
      await clickAt(page, x, y);
    await page.keyboard.press("Backspace");
    await clickAt(page, 600, 420);
    await expect.poll(() => page.getByTestId("polygon-progress").textContent()).toContain("3");
    // A vertex whose edge would cross the outline is refused, and the canvas says why; nothing is saved.
    const before = await savedDoc<Polygons>(1);
    await clickAt(page, 560, 250);
    await expect.poll(() => page.getByTestId("canvas-notice").textContent()).not.toBe("");
    await expect.poll(() => page.getByTestId("polygon-progress").textContent()).toContain("3");
    await screenshot(page, "shapes-02a-crossing-vertex-refused");
    await waitSaved(page);
    expect(await savedDoc<Polygons>(1)).toEqual(before);
    await page.keyboard.press("Enter");
    await expect.poll(() => count(page)).toBe(2);
    await waitSaved(page);
    doc = await savedDoc<Polygons>(1);
    expect(doc?.polygons.map((p) => p.label)).toEqual(["lake", "building"]);
    near(doc?.polygons[1]?.points.flat() ?? [], [500, 300, 650, 300, 600, 420], tol);
    await screenshot(page, "shapes-02-polygons-edited");

    // Reload in the middle of the task: the polygons come back from the server and the journal.
    await page.reload();
    await page.getByTestId("exam").waitFor();
    await openItem(page, 1, 1);
    await expect.poll(() => count(page)).toBe(2);
    expect(await page.getByTestId("shape-list").locator("[data-testid^=shape-row-]").count()).toBe(2);
    expect(await savedDoc<Polygons>(1)).toEqual(doc);
    await screenshot(page, "shapes-03-polygons-after-reload");
  });

  it("places, drags, deletes and brings back points", async () => {
    await openItem(page, 2, 1);
    const tol = 2 / (await scaleOf(page));
    await page.getByTestId("label-star").click();
    await clickAt(page, 100, 100);
    await page.keyboard.press("2"); // the cross label
    await clickAt(page, 200, 150);
    await clickAt(page, 300, 200);
    await expect.poll(() => count(page)).toBe(3);
    await dragAt(page, [200, 150], [250, 170]);
    await clickAt(page, 300, 200);
    await page.keyboard.press("Delete");
    await expect.poll(() => count(page)).toBe(2);
    await page.keyboard.press("Control+z");
    await expect.poll(() => count(page)).toBe(3);
    await page.keyboard.press("Control+a");
    await expect.poll(() => page.getByTestId("selection-count").textContent()).toContain("3");
    await waitSaved(page);
    const doc = await savedDoc<Points>(3);
    expect(doc?.points.map((p) => p.label)).toEqual(["star", "cross", "cross"]);
    near(doc?.points.flatMap((p) => [p.x, p.y]) ?? [], [100, 100, 250, 170, 300, 200], tol);
    await screenshot(page, "shapes-04-points");
  });

  it("places a skeleton in template order, skips and occludes keypoints, drags and toggles one", async () => {
    await openItem(page, 3, 1);
    const tol = 2 / (await scaleOf(page));
    const n = STICK_FIGURE.keypoints.length;
    await clickAt(page, 200, 100); // head: starts the instance
    await expect
      .poll(() => page.getByTestId("next-keypoint").textContent())
      .toContain(STICK_FIGURE.keypoints[1]?.name ?? "");
    await clickAt(page, 200, 160); // neck
    await page.keyboard.press("s"); // left hand skipped
    await page.keyboard.press("v"); // right hand occluded
    await clickAt(page, 260, 200);
    await screenshot(page, "shapes-05-skeleton-drawing");
    for (const [x, y] of [
      [200, 260],
      [170, 360],
      [230, 360],
    ] as const)
      await clickAt(page, x, y);
    await expect.poll(() => count(page)).toBe(1);
    // Drag the hip, then V on it (it is picked) makes it occluded; Ctrl+Z makes it visible again.
    await dragAt(page, [200, 260], [210, 270]);
    await page.keyboard.press("v");
    await waitSaved(page);
    let doc = await savedDoc<Keypoints>(4);
    expect(doc?.instances[0]?.keypoints[4]?.[2]).toBe(1);
    await page.keyboard.press("Control+z");
    await waitSaved(page);
    doc = await savedDoc<Keypoints>(4);
    const kps = doc?.instances[0]?.keypoints ?? [];
    expect(kps).toHaveLength(n);
    expect(kps.map((k) => k[2])).toEqual([2, 2, 0, 1, 2, 2, 2]);
    expect(kps[2]).toEqual([0, 0, 0]);
    near(
      kps.flatMap((k) => [k[0], k[1]]),
      [200, 100, 200, 160, 0, 0, 260, 200, 210, 270, 170, 360, 230, 360],
      tol,
    );
    await screenshot(page, "shapes-06-skeleton");
  });

  it("copies, pastes, hides and locks boxes; undo takes a paste back", async () => {
    await openItem(page, 4, 1);
    await page.getByTestId("label-car").click();
    await dragAt(page, [100, 100], [200, 180]);
    await expect.poll(() => count(page, "box-count")).toBe(1);
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect.poll(() => count(page, "box-count")).toBe(2);
    await page.keyboard.press("Control+v");
    await expect.poll(() => count(page, "box-count")).toBe(3);
    await page.keyboard.press("Control+z");
    await expect.poll(() => count(page, "box-count")).toBe(2);
    await waitSaved(page);
    const doc = await savedDoc<Boxes>(5);
    expect(doc?.boxes).toHaveLength(2);
    const [a, b] = doc?.boxes ?? [];
    expect(b?.id).not.toBe(a?.id);
    expect((b?.x ?? 0) - (a?.x ?? 0)).toBeCloseTo(10, 5);
    expect((b?.y ?? 0) - (a?.y ?? 0)).toBeCloseTo(10, 5);

    // Lock the pasted box: Delete leaves it. Hide it from the list: still saved, not drawn.
    const pasted = b?.id ?? "";
    await page.getByTestId(`shape-row-${pasted}`).locator("button").first().click();
    await page.keyboard.press("l");
    await expect.poll(() => page.getByTestId(`shape-row-${pasted}`).getAttribute("data-locked")).toBe("true");
    await page.keyboard.press("Delete");
    expect(await count(page, "box-count")).toBe(2);
    await page.getByTestId(`shape-hide-${pasted}`).click();
    await expect.poll(() => page.getByTestId(`shape-row-${pasted}`).getAttribute("data-hidden")).toBe("true");
    await page.getByTestId(`shape-row-${a?.id}`).locator("button").first().click();
    await expect
      .poll(() => page.getByTestId(`shape-row-${a?.id}`).getAttribute("data-selected"))
      .toBe("true");
    expect((await savedDoc<Boxes>(5))?.boxes).toHaveLength(2);

    // Brightness and contrast filter the image layer only.
    await page.getByTestId("brightness").fill("150");
    await page.getByTestId("contrast").fill("80");
    await expect
      .poll(() =>
        page.locator("[data-testid=image-layer]").evaluate((el) => (el as HTMLElement).style.filter),
      )
      .toBe("brightness(1.5) contrast(0.8)");
    await screenshot(page, "shapes-07-boxes-adjusted");

    // The help lists the shortcuts: from its button, and from `?` once the canvas has the keys again.
    await page.getByTestId("help-open").click();
    await page.getByTestId("help-overlay").waitFor();
    for (const key of ["Ctrl+D", "Ctrl+C", "Ctrl+V", "Ctrl+A", "Shift+H", "Ctrl+Z"])
      expect(await page.getByTestId("help-overlay").textContent()).toContain(key);
    await screenshot(page, "shapes-08-help");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("help-overlay").count()).toBe(0);
    await clickAt(page, 600, 500); // empty space: the canvas takes the keys back from the slider
    await page.keyboard.press("?");
    await page.getByTestId("help-overlay").waitFor();
    await page.keyboard.press("Escape");
  });
});
