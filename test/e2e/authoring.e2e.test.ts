// End to end in Chromium, the committee's paper and task editors (issue 11): an admin creates a
// paper, adds a bounding-box task and its label, types a settings typo (the field and the advanced
// JSON both name it, and save stays disabled), fixes it and saves; a dataset that is not a zip and
// a COCO zip naming a missing image and an unknown label are refused row by row with nothing
// imported; a good COCO zip (PNGs made with sharp) is checked then imported; an item opens with its
// truth drawn over the image; the truth as a sample answer scores 100 %, shifted or with a shape
// dropped it scores less. zh and en at 1024 px with nothing running off the page.
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zip } from "../../core/formats/zip.ts";
import { buildExam, createStaff } from "../../prisma/seed/builders.ts";
import { demoTask } from "../../prisma/seed/tasks.ts";
import { FORMATS_BY_KIND, type TaskKind } from "../../protocol/index.ts";
import { assertClientBuilt, launchBrowser, screenshot, signIn } from "../helpers/browser.ts";
import { newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  assertClientBuilt();
  stack = await startStack();
  await createStaff(stack.db, { username: "committee1", name: "组委会", role: "ADMIN", password: PASSWORD });
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

async function png(width: number, height: number, background: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
}

/** A COCO file: boxes [x, y, w, h] per image. */
function coco(
  images: { id: number; file: string; w: number; h: number }[],
  boxes: { image: number; bbox: number[]; category?: number }[],
  categories = [{ id: 1, name: "car" }],
): string {
  return JSON.stringify({
    images: images.map((i) => ({ id: i.id, file_name: i.file, width: i.w, height: i.h })),
    categories,
    annotations: boxes.map((b, k) => ({
      id: k + 1,
      image_id: b.image,
      category_id: b.category ?? 1,
      iscrowd: 0,
      bbox: b.bbox,
      area: (b.bbox[2] ?? 0) * (b.bbox[3] ?? 0),
      segmentation: [],
    })),
  });
}

const IMAGES = [
  { id: 1, file: "images/street_a.png", w: 320, h: 240 },
  { id: 2, file: "images/street_b.png", w: 320, h: 240 },
];
const BOXES = [
  { image: 1, bbox: [20, 30, 100, 60] },
  { image: 1, bbox: [180, 120, 90, 80] },
  { image: 2, bbox: [40, 40, 120, 120] },
];

async function goodDataset(): Promise<Buffer> {
  return zip([
    { name: "annotations/instances.json", body: coco(IMAGES, BOXES) },
    { name: "images/street_a.png", body: await png(320, 240, "#8899aa") },
    { name: "images/street_b.png", body: await png(320, 240, "#aa9988") },
  ]);
}

/** A COCO zip that names an image it lacks and a category the task does not have. */
async function badDataset(): Promise<Buffer> {
  return zip([
    {
      name: "annotations/instances.json",
      body: coco(
        [...IMAGES, { id: 3, file: "images/missing.png", w: 320, h: 240 }],
        [...BOXES, { image: 2, bbox: [10, 10, 30, 30], category: 2 }, { image: 3, bbox: [5, 5, 20, 20] }],
        [
          { id: 1, name: "car" },
          { id: 2, name: "bicycle" },
        ],
      ),
    },
    { name: "images/street_a.png", body: await png(320, 240, "#8899aa") },
    { name: "images/street_b.png", body: await png(320, 240, "#aa9988") },
  ]);
}

const score = async (page: Page) =>
  Number(await page.getByTestId("sample-score-value").getAttribute("data-score"));

describe("the committee's paper and task editors", () => {
  it("creates a paper and a box task, refuses typos and bad datasets, imports COCO and scores a sample answer", async () => {
    const page = await newPage();
    await signIn(page, stack.baseUrl, "committee1", PASSWORD);
    await page.getByTestId("admin-page").waitFor();
    await page.goto(`${stack.baseUrl}/admin/papers`);
    await page.getByTestId("papers-section").waitFor();

    // --- A paper: the weights are checked as typed ---
    await page.getByTestId("paper-new").click();
    await page.getByTestId("paper-title").fill("2026 全国赛 实操卷");
    await page.getByTestId("paper-theory-weight").fill("40");
    expect(await page.getByTestId("paper-create").isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId("paper-form").textContent()).toContain("100");
    await page.getByTestId("paper-practical-weight").fill("60");
    expect(await page.getByTestId("paper-create").isDisabled()).toBe(false);
    await expectNoOverflow(page);
    await screenshot(page, "authoring-00-new-paper-zh");
    await page.getByTestId("paper-create").click();
    await page.getByTestId("paper-head").waitFor();
    expect(await page.getByTestId("paper-title-view").textContent()).toContain("2026 全国赛 实操卷");
    expect(await page.getByTestId("paper-figures").textContent()).toContain("理论 40% · 实操 60%");
    await page.getByTestId("theory-assembler").waitFor();
    const paperPath = new URL(page.url()).pathname;
    expect(paperPath).toMatch(/^\/admin\/papers\/[A-Za-z0-9_-]+$/);

    // --- A bounding-box task ---
    await page.getByTestId("task-new").click();
    await page.getByTestId("task-kind").selectOption("BOXES");
    await page.getByTestId("task-title").fill("街景车辆");
    await page.getByTestId("task-points").fill("20");
    await page.getByTestId("task-create").click();
    await page.getByTestId("task-editor").waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^${paperPath}/tasks/[A-Za-z0-9_-]+$`));
    expect(await page.getByTestId("task-heading").textContent()).toContain("街景车辆");
    await expectNoOverflow(page);

    // --- The label set: "car" ---
    await page.getByTestId("tab-labels").click();
    await page.getByTestId("label-new-name").fill("car");
    await page.getByTestId("label-add").click();
    expect(await page.getByTestId("label-id-0").inputValue()).toBe("car");
    await page.getByTestId("labels-save").click();
    await expect.poll(() => page.getByTestId("task-editor").textContent()).toContain("1 个标签");
    expect(await page.getByTestId("labels-save").isDisabled()).toBe(true);

    // --- General: instructions and points; points must be above 0 ---
    await page.getByTestId("tab-general").click();
    await page.getByTestId("general-points").fill("0");
    expect(await page.getByTestId("general-save").isDisabled()).toBe(true);
    await page.getByTestId("general-points").fill("25");
    await page.getByTestId("general-instructions").fill("框出每一辆车。");
    await page.getByTestId("general-save").click();
    await expect.poll(() => page.getByTestId("task-editor").textContent()).toContain("25 分");
    const stored = await stack.db.task.findFirstOrThrow({ where: { title: "街景车辆" } });
    expect(stored).toMatchObject({ points: 25, instructions: "框出每一辆车。" });

    // --- Settings: a typo in a field, then in the JSON, is an error and save stays disabled ---
    await page.getByTestId("tab-settings").click();
    await page.getByTestId("setting-iouThreshold").fill("0.6x");
    await page.getByTestId("setting-iouThreshold-issue").waitFor();
    expect(await page.getByTestId("settings-save").isDisabled()).toBe(true);
    await page.getByTestId("setting-iouThreshold").fill("0.6");
    expect(await page.getByTestId("setting-iouThreshold-issue").count()).toBe(0);
    await page.getByTestId("settings-view-json").click();
    await page.getByTestId("settings-json").fill('{ "iouThreshhold": 0.6, "credit": "coco-mean" }');
    await page.getByTestId("settings-issue-iouThreshhold").waitFor();
    expect(await page.getByTestId("settings-save").isDisabled()).toBe(true);
    expect(await page.getByTestId("settings-effective-draft").textContent()).not.toContain("0.6");
    await expectNoOverflow(page);
    await screenshot(page, "authoring-01-settings-typo-zh");
    await page.getByTestId("settings-json").fill('{ "iouThreshold": 0.6, "credit": "f1@iou" }');
    expect(await page.getByTestId("settings-issues").count()).toBe(0);
    await page.getByTestId("settings-view-form").click();
    expect(await page.getByTestId("setting-credit").inputValue()).toBe("f1@iou");
    expect(await page.getByTestId("credit-hint").textContent()).toContain("f1@iou");
    await page.getByTestId("settings-save").click();
    await expect
      .poll(async () =>
        JSON.parse((await page.getByTestId("settings-effective-server").textContent()) ?? "{}"),
      )
      .toEqual({ iouThreshold: 0.6, credit: "f1@iou" });

    // --- Import: not a zip, then a COCO zip with a missing image and an unknown label: refused, nothing imported ---
    await page.getByTestId("tab-import").click();
    expect(
      await page
        .getByTestId("import-format")
        .locator("option")
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual([...FORMATS_BY_KIND.BOXES]);
    await page.getByTestId("import-files").setInputFiles({
      name: "broken.zip",
      mimeType: "application/zip",
      buffer: Buffer.from("this is not a zip archive at all"),
    });
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-refused").waitFor();
    expect(await page.getByTestId("import-refused").textContent()).toContain("未导入任何内容");

    await page.getByTestId("import-files").setInputFiles({
      name: "bad-coco.zip",
      mimeType: "application/zip",
      buffer: await badDataset(),
    });
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-refused").waitFor();
    const refusedRows = page.locator('[data-testid="import-row"][data-outcome="refused"]');
    expect(await refusedRows.count()).toBeGreaterThanOrEqual(2);
    const reportText = (await page.getByTestId("import-rows").textContent()) ?? "";
    expect(reportText).toContain("bicycle");
    expect(reportText).toContain("missing.png");
    // Refused rows come first and are marked.
    expect(await page.getByTestId("import-row").first().getAttribute("data-outcome")).toBe("refused");
    await expectNoOverflow(page);
    await screenshot(page, "authoring-02-import-refused-zh");
    expect(await page.getByTestId("tab-items").textContent()).toContain("(0)");
    const taskId = new URL(page.url()).pathname.split("/").pop() as string;
    expect(await stack.db.item.count({ where: { taskId } })).toBe(0);

    // --- A good COCO zip: check (a dry run writes nothing), then import ---
    await page.getByTestId("import-files").setInputFiles({
      name: "street.zip",
      mimeType: "application/zip",
      buffer: await goodDataset(),
    });
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-checked").waitFor();
    expect(await page.locator('[data-testid="import-row"][data-outcome="imported"]').count()).toBe(2);
    expect(await stack.db.item.count({ where: { taskId } })).toBe(0);
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-done").waitFor();
    expect(await stack.db.item.count({ where: { taskId } })).toBe(2);
    await expect.poll(() => page.getByTestId("tab-items").textContent()).toContain("(2)");

    // --- The truth uses "car": removing it is refused with the server's reason, and nothing changes ---
    await page.getByTestId("tab-labels").click();
    await page.getByTestId("label-remove-0").click();
    await page.getByTestId("labels-save").click();
    await page.getByTestId("labels-blocked").waitFor();
    expect(await page.getByTestId("labels-blocked").textContent()).toContain("car");
    expect(await page.getByTestId("server-error").getAttribute("data-code")).toBe("VALIDATION_FAILED");
    await page.getByTestId("labels-reset").click();
    expect(await page.getByTestId("label-id-0").inputValue()).toBe("car");
    expect((await stack.db.task.findUniqueOrThrow({ where: { id: taskId } })).labels).toHaveLength(1);
    await page.getByTestId("tab-import").click();

    // --- An item with its truth drawn over the image ---
    await page.getByTestId("tab-items").click();
    await page.getByTestId("item-grid").waitFor();
    expect(await page.locator('[data-testid^="item-card-"]').count()).toBe(2);
    await page.getByTestId("item-card-1").click();
    await page.getByTestId("truth-overlay").waitFor();
    expect(await page.locator('[data-testid="truth-shape"]').count()).toBe(2);
    expect(await page.locator('[data-testid="truth-shape"] rect').count()).toBe(2);
    expect(await page.getByTestId("legend-car").textContent()).toContain("×2");
    expect(await page.locator('[data-testid="truth-overlay"] image').count()).toBe(1);

    // --- The truth as a sample answer scores 100 %; perturbed, less ---
    await page.getByTestId("sample-score").click();
    await expect.poll(() => score(page)).toBe(1);
    expect(await page.getByTestId("sample-score-value").textContent()).toBe("100%");
    await expectNoOverflow(page);
    await screenshot(page, "authoring-03-item-scored-zh");
    await page.getByTestId("sample-shift-px").fill("40");
    await page.getByTestId("sample-shift").click();
    expect(await page.getByTestId("sample-result").count()).toBe(0);
    await page.getByTestId("sample-score").click();
    await page.getByTestId("sample-result").waitFor();
    expect(await score(page)).toBeLessThan(1);
    await page.getByTestId("sample-reset").click();
    await page.getByTestId("sample-drop").click();
    await page.getByTestId("sample-score").click();
    await page.getByTestId("sample-result").waitFor();
    expect(await score(page)).toBeLessThan(1);
    expect(await score(page)).toBeGreaterThan(0);
    // A broken answer is refused as typed, before it is sent.
    await page.getByTestId("sample-json").fill('{"boxes": [{"id": "a", "label": "car", "x": 1}]}');
    await page.getByTestId("sample-issue").waitFor();
    expect(await page.getByTestId("sample-score").isDisabled()).toBe(true);

    // --- English at 1024 px: the papers list, the paper, each tab of the task ---
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("tab-settings").click();
    await page.getByTestId("settings-form").waitFor();
    expect(await page.getByTestId("settings-form").textContent()).toContain("IoU threshold");
    await expectNoOverflow(page);
    await page.getByTestId("tab-labels").click();
    await expectNoOverflow(page);
    await page.getByTestId("tab-import").click();
    await expectNoOverflow(page);
    await page.getByTestId("tab-items").click();
    await page.getByTestId("item-card-2").click();
    await page.getByTestId("truth-overlay").waitFor();
    expect(await page.locator('[data-testid="truth-shape"]').count()).toBe(1);
    await page.getByTestId("sample-score").click();
    await expect.poll(() => score(page)).toBe(1);
    await expectNoOverflow(page);
    await screenshot(page, "authoring-04-item-en");
    // --- Several files chosen together are packed into one zip in the browser; replace swaps the items ---
    await page.getByTestId("tab-import").click();
    await page.getByTestId("import-files").setInputFiles([
      {
        name: "instances.json",
        mimeType: "application/json",
        buffer: Buffer.from(
          coco(
            IMAGES.map((i) => ({ ...i, file: i.file.replace("images/", "") })),
            [...BOXES, { image: 2, bbox: [200, 20, 50, 50] }],
          ),
        ),
      },
      { name: "street_a.png", mimeType: "image/png", buffer: await png(320, 240, "#8899aa") },
      { name: "street_b.png", mimeType: "image/png", buffer: await png(320, 240, "#aa9988") },
    ]);
    expect(await page.getByTestId("import-panel").textContent()).toContain("Files: 3");
    await page.getByTestId("import-replace").check();
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-checked").waitFor();
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-done").waitFor();
    const items = await stack.db.item.findMany({ where: { taskId }, orderBy: { position: "asc" } });
    expect(items.map((i) => i.sourceName)).toEqual(["street_a.png", "street_b.png"]);
    await page.getByTestId("tab-items").click();
    await page.getByTestId("item-card-2").click();
    await page.getByTestId("truth-overlay").waitFor();
    expect(await page.locator('[data-testid="truth-shape"]').count()).toBe(2);
    await expectNoOverflow(page);

    // --- An item deleted (after a confirm) ---
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("item-delete").click();
    await expect.poll(() => page.getByTestId("tab-items").textContent()).toContain("(1)");
    expect(await page.getByTestId("item-preview").count()).toBe(0);
    expect(await stack.db.item.count({ where: { taskId } })).toBe(1);
    // One item left: the paper has 1 task · 1 item from here on.

    await page.getByTestId("crumb-paper").click();
    await page.getByTestId("tasks-table").waitFor();
    // --- The weights change together: alone, the form says they must add up to 100 ---
    await page.getByTestId("paper-edit").click();
    await page.getByTestId("paper-edit-practical").fill("50");
    expect(await page.getByTestId("paper-edit-save").isDisabled()).toBe(true);
    expect(await page.getByTestId("paper-edit-form").textContent()).toContain("100");
    await page.getByTestId("paper-edit-theory").fill("50");
    await page.getByTestId("paper-edit-save").click();
    await expect
      .poll(() => page.getByTestId("paper-weights").textContent())
      .toBe("Theory 50% · practical 50%");
    expect(await page.getByTestId("task-row-1").textContent()).toContain("Bounding boxes");
    expect(await page.getByTestId("task-row-1").textContent()).toContain("1");
    await expectNoOverflow(page);
    await screenshot(page, "authoring-05-paper-en");
    await page.getByTestId("crumb-papers").click();
    await page.getByTestId("papers-table").waitFor();
    await expect
      .poll(() => page.getByTestId("papers-table").textContent())
      .toContain("Tasks: 1 · items: 1 · 25 pts");
    await expectNoOverflow(page);
    await screenshot(page, "authoring-06-papers-en");
  });

  it("shows a paper whose session began as frozen: everything visible, nothing changeable", async () => {
    const fx = await newExamFixture(stack.db, { contestants: 1 });
    const attemptId = fx.contestants[0]?.attemptId as string;
    await stack.db.attempt.update({
      where: { id: attemptId },
      data: { status: "IN_PROGRESS", startedAt: new Date() },
    });
    const page = await newPage();
    await signIn(page, stack.baseUrl, "committee1", PASSWORD);
    await page.getByTestId("admin-page").waitFor();
    await page.goto(`${stack.baseUrl}/admin/papers`);
    await page.getByTestId(`paper-state-${fx.paperId}`).waitFor();
    expect(await page.getByTestId(`paper-state-${fx.paperId}`).textContent()).toContain("已冻结");
    await page.getByTestId(`paper-link-${fx.paperId}`).click();
    await page.getByTestId("paper-frozen").waitFor();
    expect(await page.getByTestId("paper-edit").isDisabled()).toBe(true);
    expect(await page.getByTestId("task-new").isDisabled()).toBe(true);
    expect(await page.getByTestId("task-delete-1").count()).toBe(0);
    await expectNoOverflow(page);
    await screenshot(page, "authoring-07-frozen-zh");
    await page.getByTestId("task-link-1").click();
    await page.getByTestId("task-editor").waitFor();
    await page.getByTestId("paper-frozen").waitFor();
    expect(await page.getByTestId("general-save").isDisabled()).toBe(true);
    expect(await page.getByTestId("general-title").isDisabled()).toBe(true);
    await page.getByTestId("tab-settings").click();
    expect(await page.getByTestId("frozen-note").textContent()).toContain("不能再修改");
    expect(await page.getByTestId("setting-iouThreshold").isDisabled()).toBe(true);
    await page.getByTestId("tab-import").click();
    expect(await page.getByTestId("import-files").isDisabled()).toBe(true);
    await page.getByTestId("tab-items").click();
    await page.getByTestId("item-card-1").click();
    await page.getByTestId("truth-overlay").waitFor();
    expect(await page.locator('[data-testid="truth-shape"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId("item-delete").isDisabled()).toBe(true);
    // Trying a sample answer changes nothing, so it stays open on a frozen paper.
    await page.getByTestId("sample-score").click();
    await expect.poll(() => score(page)).toBe(1);
    await expectNoOverflow(page);
  });

  it("previews every kind's truth, and each truth scores 100 % as a sample answer", async () => {
    const kinds: Exclude<TaskKind, "BOXES">[] = [
      "POLYGONS",
      "POINTS",
      "KEYPOINTS",
      "IMAGE_CLASSIFICATION",
      "TEXT_SPANS",
      "TEXT_CLASSIFICATION",
      "TRANSCRIPTION",
      "TABLE",
    ];
    const exam = await buildExam(stack.db, {
      regionId: null,
      contestName: "Kinds",
      sessionName: "Kinds session",
      startsAt: new Date(Date.now() + 24 * 3600_000),
      durationMinutes: 90,
      questions: [],
      tasks: kinds.map((k) => demoTask(k, 1)),
    });
    const tasks = await stack.db.task.findMany({ where: { section: { paperId: exam.paperId } } });
    const page = await newPage();
    await signIn(page, stack.baseUrl, "committee1", PASSWORD);
    await page.getByTestId("admin-page").waitFor();
    for (const kind of kinds) {
      const task = tasks.find((t) => t.kind === kind);
      if (!task) throw new Error(`no ${kind} task`);
      await page.goto(`${stack.baseUrl}/admin/papers/${exam.paperId}/tasks/${task.id}#items`);
      await page.getByTestId("item-card-1").click();
      await page.getByTestId("truth-view").waitFor();
      const drawn = {
        POLYGONS: '[data-testid="truth-shape"] polygon',
        POINTS: '[data-testid="truth-shape"] circle',
        KEYPOINTS: '[data-testid="truth-shape"] circle',
        IMAGE_CLASSIFICATION: '[data-testid="truth-labels"] .label-chip',
        TEXT_SPANS: '[data-testid="truth-span"]',
        TEXT_CLASSIFICATION: '[data-testid="truth-labels"] .label-chip',
        TRANSCRIPTION: '[data-testid="truth-transcript"] p',
        TABLE: '[data-testid="table-truth"] tbody tr',
      }[kind];
      expect(await page.locator(drawn).count(), kind).toBeGreaterThan(0);
      if (kind === "KEYPOINTS") expect(await page.locator(".truth-skeleton line").count()).toBeGreaterThan(0);
      if (kind === "TRANSCRIPTION") {
        const item = await stack.db.item.findFirstOrThrow({
          where: { taskId: task.id },
          include: { groundTruth: true },
        });
        const text = String((item.groundTruth?.data as { text?: unknown } | undefined)?.text ?? "");
        expect(text.length).toBeGreaterThan(0);
        expect(await page.getByTestId("truth-transcript").textContent()).toContain(text);
      }
      await page.getByTestId("sample-score").click();
      await page
        .locator('[data-testid="sample-result"], [data-testid="sample-answer"] [data-testid="server-error"]')
        .first()
        .waitFor();
      expect(
        await page.locator('[data-testid="sample-answer"] [data-testid="server-error"]').allTextContents(),
        kind,
      ).toEqual([]);
      expect(await score(page), kind).toBe(1);
      await expectNoOverflow(page);
      await screenshot(page, `authoring-kind-${kind.toLowerCase()}-zh`);
      // The kind's settings form: the demo's settings are valid, nothing runs off the page.
      await page.getByTestId("tab-settings").click();
      await page.getByTestId("settings-form").waitFor();
      expect(await page.getByTestId("settings-issues").count(), kind).toBe(0);
      expect(await page.getByTestId("settings-save").isDisabled(), kind).toBe(true);
      await expectNoOverflow(page);
      if (kind === "KEYPOINTS") await screenshot(page, "authoring-settings-keypoints-zh");
    }
  });
});
