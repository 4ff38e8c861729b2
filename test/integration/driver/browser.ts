// The driver's side of the requests in protocol.ts: it holds the workbench page in Chromium.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { DriverRequest, DriverResponse } from './protocol';

/** Finds the webview's inner frame (`…/pre/fake.html`) whose document has the given root element. */
async function findWebviewFrame(page: Page, rootSelector: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('fake.html')) continue;
      try {
        if (await frame.$(rootSelector)) return frame;
      } catch {
        // frame navigated away while we looked
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no webview frame with ${rootSelector} within ${timeoutMs / 1000} s`);
}

/** Text as a person reads it: the editor renders spaces as no-break spaces. */
function readable(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** What hostile content managed to do since `armTrap`: anything here means a payload ran. */
interface TrapState {
  dialogs: string[];
  armed: boolean;
}
const trap: TrapState = { dialogs: [], armed: false };
const TRAP_GLOBAL = '__mmTrap';

async function eachFrame<T>(page: Page, run: (frame: Frame) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const frame of page.frames()) {
    try {
      results.push(await run(frame));
    } catch {
      // a frame that navigated or closed meanwhile
    }
  }
  return results;
}

async function handle(page: Page, screenshotDir: string, request: DriverRequest): Promise<DriverResponse> {
  switch (request.action) {
    case 'screenshotWebview': {
      const frame = await findWebviewFrame(page, request.root);
      if (request.scroll) await frame.evaluate((to) => window.scrollTo(0, to === 'top' ? 0 : document.body.scrollHeight), request.scroll);
      await frame.waitForTimeout(300); // let fonts and styles paint
      const element = await frame.frameElement();
      const file = path.join(screenshotDir, `${request.name}.png`);
      await element.screenshot({ path: file });
      return { ok: true, path: file };
    }
    case 'webviewText': {
      const frame = await findWebviewFrame(page, request.root);
      return { ok: true, text: readable(await frame.locator(request.root).innerText()) };
    }
    case 'clickWebview': {
      const frame = await findWebviewFrame(page, request.root);
      await frame.getByRole('button', { name: request.text, exact: true }).click();
      return { ok: true };
    }
    case 'fillWebview': {
      // Typed key by key, as a person types, so the page's input handlers run.
      const frame = await findWebviewFrame(page, request.root);
      const field = frame.locator(request.selector);
      await field.fill('');
      await field.pressSequentially(request.text);
      return { ok: true };
    }
    case 'screenshotWorkbench': {
      await page.waitForTimeout(300);
      const file = path.join(screenshotDir, `${request.name}.png`);
      await page.screenshot({ path: file });
      return { ok: true, path: file };
    }
    case 'workbenchText': {
      const found = page.locator(request.selector);
      const element = request.hasText === undefined ? found : found.filter({ hasText: request.hasText });
      return { ok: true, text: readable(await element.first().innerText({ timeout: 10_000 })) };
    }
    case 'typeWorkbench': {
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.pressSequentially(request.text);
      await input.press('Enter');
      return { ok: true };
    }
    case 'clickWebviewSelector': {
      const frame = await findWebviewFrame(page, request.root);
      await frame.locator(request.selector).first().click();
      return { ok: true };
    }
    case 'clickWebviewLinks': {
      const frame = await findWebviewFrame(page, request.root);
      // Only links that do not lead to the web: clicking those would reach outside this machine.
      const links = frame.locator(`${request.selector} a:not([href^="https://"]):not([href^="http://"])`);
      const count = await links.count();
      const hrefs: (string | null)[] = [];
      for (let i = 0; i < count; i++) {
        hrefs.push(await links.nth(i).getAttribute('href'));
        await links
          .nth(i)
          .click({ timeout: 5_000 })
          .catch(() => undefined); // hidden or zero-size links
      }
      return { ok: true, text: JSON.stringify(hrefs) };
    }
    case 'webviewBox': {
      const frame = await findWebviewFrame(page, request.root);
      const box = await frame
        .locator(request.selector)
        .first()
        .evaluate((node) => {
          const r = node.getBoundingClientRect();
          return {
            top: r.top,
            bottom: r.bottom,
            left: r.left,
            right: r.right,
            innerHeight: window.innerHeight,
            innerWidth: window.innerWidth,
            scrollWidth: node.scrollWidth,
            clientWidth: node.clientWidth,
            scrollHeight: node.scrollHeight,
            clientHeight: node.clientHeight,
            pageScrollY: window.scrollY,
          };
        });
      return { ok: true, text: JSON.stringify(box) };
    }
    case 'clickWorkbench': {
      const holder = page.locator(request.selector).filter({ hasText: request.within }).first();
      await holder.getByRole('button', { name: request.text, exact: true }).first().click({ timeout: 10_000 });
      return { ok: true };
    }
    case 'hoverWorkbench': {
      await page.locator(request.selector).filter({ hasText: request.text }).first().hover({ timeout: 10_000 });
      const hover = page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      await page.waitForTimeout(300); // let it finish rendering (markdown, fonts)
      return { ok: true, text: readable(await hover.innerText()) };
    }
    case 'armTrap': {
      if (!trap.armed) {
        page.on('dialog', (dialog) => {
          trap.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
          void dialog.dismiss().catch(() => undefined);
        });
        trap.armed = true;
      }
      trap.dialogs = [];
      // Every frame (the workbench, the webview host and its content frame) gets the trap a payload would call.
      // Each trap is tried once before it is reset, so a trap that cannot record is noticed here.
      const armed = await eachFrame(page, async (frame) => ({
        url: frame.url(),
        works: await frame.evaluate((name) => {
          const w = window as unknown as Record<string, unknown>;
          w.__mmTrapHits = [];
          w.__mmTrapTitle = document.title;
          w[name] = (hit: unknown) => (w.__mmTrapHits as unknown[]).push(String(hit));
          (w[name] as (hit: string) => void)('self-test');
          const works = (w.__mmTrapHits as unknown[]).length === 1;
          w.__mmTrapHits = [];
          return works;
        }, TRAP_GLOBAL),
      }));
      return { ok: true, text: JSON.stringify(armed) };
    }
    case 'readTrap': {
      const frames = await eachFrame(page, async (frame) => ({
        url: frame.url(),
        ...(await frame.evaluate(() => {
          const w = window as unknown as Record<string, unknown>;
          return {
            armed: Array.isArray(w.__mmTrapHits),
            hits: (w.__mmTrapHits as string[] | undefined) ?? [],
            titleChanged: w.__mmTrapTitle !== undefined && document.title !== w.__mmTrapTitle ? document.title : null,
          };
        })),
      }));
      return { ok: true, text: JSON.stringify({ frames, dialogs: trap.dialogs }) };
    }
  }
}

/** Carries out one request and writes its response file. Never throws: failures go in the response. */
export async function answer(page: Page, resultsDir: string, request: DriverRequest): Promise<void> {
  const screenshotDir = path.join(resultsDir, 'screenshots');
  const responseDir = path.join(resultsDir, 'driver');
  mkdirSync(screenshotDir, { recursive: true });
  mkdirSync(responseDir, { recursive: true });
  let response: DriverResponse;
  try {
    response = await handle(page, screenshotDir, request);
  } catch (error) {
    response = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  writeFileSync(path.join(responseDir, `${request.id}.json.tmp`), JSON.stringify(response));
  // rename is atomic: the test never reads a half-written response
  renameSync(path.join(responseDir, `${request.id}.json.tmp`), path.join(responseDir, `${request.id}.json`));
}
