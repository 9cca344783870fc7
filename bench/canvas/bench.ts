// Benchmark of the annotation canvas: builds a harness page around the real component with Vite,
// drives Debian's Chromium with playwright-core, and measures inside the page (rAF timestamps and
// post-paint tasks, see frame-meter.ts). Prints a table, then one JSON line.
// Usage: npm run bench:canvas [-- --frames 240 --renders 3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import react from "@vitejs/plugin-react";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import type { GestureResult, MountResult, SceneSpec } from "./harness.tsx";

const { values } = parseArgs({
  options: { frames: { type: "string", default: "240" }, renders: { type: "string", default: "3" } },
});
const FRAMES = Number(values.frames);
const RENDERS = Number(values.renders);
/** Frames dropped from the start of each gesture: JIT warm-up and the first layer caches. */
const WARMUP = 10;
const ORIGIN = "http://canvas-bench.test";
const SETTLE_MS = 800;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "canvas-bench-"));

const BOXES: SceneSpec = { boxes: 5000, polygons: 0, vertices: 0, seed: 42 };
const POLYGONS: SceneSpec = { boxes: 0, polygons: 500, vertices: 50, seed: 42 };

interface FrameStats {
  median: number;
  p95: number;
  max: number;
  over16: number;
  intervalP95: number;
  missed: number;
  drawMs: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function frameStats({ samples, drawMsPerFrame }: GestureResult): FrameStats {
  const kept = samples.slice(WARMUP);
  const cost = kept.map((s) => s.costMs).sort((a, b) => a - b);
  const interval = kept
    .map((s) => s.intervalMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return {
    median: quantile(cost, 0.5),
    p95: quantile(cost, 0.95),
    max: cost.at(-1) ?? Number.NaN,
    over16: cost.filter((c) => c > 16).length,
    intervalP95: quantile(interval, 0.95),
    // A frame counts as missed when its interval spans more than one 60 Hz vsync.
    missed: interval.filter((d) => d > 1.5 * (1000 / 60)).length,
    drawMs: drawMsPerFrame,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  // The built harness is served from memory by the browser context itself: no server involved.
  await context.route(`${ORIGIN}/**`, (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname);
    const file = path.join(outDir, rel === "/" ? "harness.html" : rel);
    return file.startsWith(outDir) && fs.existsSync(file)
      ? route.fulfill({ path: file })
      : route.fulfill({ status: 404 });
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${ORIGIN}/harness.html`);
  await page.waitForFunction(() => "canvasBench" in window);
  return page;
}

/** Lets the view settle (a zoom's sharp redraw, an image level decoded for it) before a gesture. */
const settle = (page: Page) => page.waitForTimeout(SETTLE_MS);

const mount = (page: Page, spec: SceneSpec) =>
  page.evaluate((s) => window.canvasBench.mount(s), spec) as Promise<MountResult>;
const pan = (page: Page) => page.evaluate((n) => window.canvasBench.pan(n), FRAMES);
const drag = (page: Page) => page.evaluate((n) => window.canvasBench.drag(n), FRAMES);
const zoom = (page: Page, f: number) => page.evaluate((x) => window.canvasBench.zoom(x), f);

console.error("building the harness…");
await build({
  configFile: false,
  root: here,
  base: "./",
  mode: "production",
  logLevel: "warn",
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 5000,
    rollupOptions: { input: path.join(here, "harness.html") },
  },
});

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

try {
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const rows: [string, string][] = [];
  const renders: MountResult[] = [];
  for (let i = 0; i < RENDERS; i++) {
    console.error(`first render ${i + 1}/${RENDERS}…`);
    const page = await newPage(browser);
    renders.push(await mount(page, BOXES));
    await page.context().close();
  }
  const firstRender = renders.map((r) => r.firstRenderMs).sort((a, b) => a - b);
  const firstRenderMs = quantile(firstRender, 0.5);

  console.error("pan and drag, 5,000 boxes…");
  const boxesPage = await newPage(browser);
  const mounted = await mount(boxesPage, BOXES);
  await settle(boxesPage);
  const panFit = frameStats(await pan(boxesPage));
  const dragFit = frameStats(await drag(boxesPage));
  const zoomed = await zoom(boxesPage, 4);
  await settle(boxesPage);
  const panZoomed = frameStats(await pan(boxesPage));
  await boxesPage.context().close();

  console.error("pan, 500 polygons…");
  const polygonsPage = await newPage(browser);
  await mount(polygonsPage, POLYGONS);
  await settle(polygonsPage);
  const panPolygons = frameStats(await pan(polygonsPage));
  await polygonsPage.context().close();

  const fmt = (s: FrameStats) =>
    `p95 ${round1(s.p95)} ms · median ${round1(s.median)} · max ${round1(s.max)} · >16 ms: ${s.over16}/${
      FRAMES - WARMUP
    } · layer draws ${round1(s.drawMs)} ms/frame · rAF interval p95 ${round1(s.intervalP95)} ms, missed ${s.missed}`;
  rows.push(
    [
      "first render, 5,000 boxes on 4,000 × 3,000",
      `median ${round1(firstRenderMs)} ms of [${firstRender.map(round1).join(", ")}] (JPEG made beforehand in ${round1(renders[0]?.imageMs ?? Number.NaN)} ms; its decoding is included)`,
    ],
    ["Konva shape nodes after mount (the interaction layer)", String(mounted.konvaShapes)],
    ["pan, fitted (all 5,000 boxes in view)", fmt(panFit)],
    ["drag one box, fitted", fmt(dragFit)],
    [`pan, zoomed to ${round1(zoomed.scale)}× image pixels`, fmt(panZoomed)],
    ["pan, 500 polygons × 50 vertices, fitted", fmt(panPolygons)],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  // Other processes on the machine share its cores with Chromium: the load says how much.
  const load = `load average ${loadBefore.toFixed(2)} → ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)}`;
  console.log(
    `canvas benchmark: Chromium ${browser.version()}, ${os.cpus().length} cores, no GPU (software rendering), ${load}`,
  );
  console.log(`${"measure".padEnd(width)} | result`);
  console.log(`${"-".repeat(width)}-|-${"-".repeat(60)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
  console.log(
    JSON.stringify({
      first_render_ms: round1(firstRenderMs),
      pan_frame_p95_ms: round1(panFit.p95),
      drag_frame_p95_ms: round1(dragFit.p95),
      polygons_frame_p95_ms: round1(panPolygons.p95),
    }),
  );
} finally {
  await browser.close();
  fs.rmSync(outDir, { recursive: true, force: true });
}
