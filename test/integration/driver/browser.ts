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

async function handle(page: Page, screenshotDir: string, request: DriverRequest): Promise<DriverResponse> {
  switch (request.action) {
    case 'screenshotWebview': {
      const frame = await findWebviewFrame(page, request.root);
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
    case 'workbenchText':
      return { ok: true, text: readable(await page.locator(request.selector).first().innerText({ timeout: 10_000 })) };
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
