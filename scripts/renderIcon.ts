// Regenerates media/icon.png (the Marketplace icon, 128×128) from media/icon.svg with headless Chromium.
// Usage: npx tsx scripts/renderIcon.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from './lib/browser';

async function main(): Promise<void> {
  const media = path.resolve(import.meta.dirname, '..', 'media');
  const svg = readFileSync(path.join(media, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(media, 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
