// Debian's Chromium driven by playwright-core, with the flags this kind of machine needs.
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("test-artifacts/e2e");
/** The built client the test server serves (TEST_CLIENT_DIR lets parallel runs build their own). */
export const CLIENT_DIR = path.resolve(process.env.TEST_CLIENT_DIR ?? "dist/client");

/** Throws unless the client has been built. */
export function assertClientBuilt(): void {
  if (!fs.existsSync(path.join(CLIENT_DIR, "index.html")))
    throw new Error(
      `The client is not built in ${CLIENT_DIR}: run \`npx vite build\` (npm test does it first).`,
    );
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Signs in through the login form. */
export async function signIn(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-input").fill(login);
  await page.getByTestId("password-input").fill(password);
  await page.getByTestId("login-submit").click();
}

/** Signs in as a contestant and starts their first sitting; resolves once the exam page shows. */
export async function startFirstAttempt(
  page: Page,
  baseUrl: string,
  login: string,
  password: string,
): Promise<void> {
  await signIn(page, baseUrl, login, password);
  await page.getByTestId("start-attempt").first().click();
  await page.getByTestId("exam").waitFor();
}

/** Waits until the page's save indicator says every change is saved. */
export async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId("save-status").getAttribute("data-status")).toBe("saved");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Drags on the annotation canvas from (x1, y1) to (x2, y2), given as fractions of the stage element. */
export async function dragOnCanvas(page: Page, from: [number, number], to: [number, number]): Promise<void> {
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
