import { chromium } from 'playwright-core';
import { main } from './src/report/cli';
import { createSandbox } from './test/sandbox/server';
import { seedProgram } from './test/sandbox/programSeed';
import { writeFileSync } from 'node:fs';
const sandbox = await createSandbox();
const seed = seedProgram(sandbox, { pairs: 12, exchangesPerPair: 6 });
sandbox.state.addUser('lead');
writeFileSync('/tmp/shot-pairs.json', JSON.stringify(seed.pairs));
await main(['--pairs', '/tmp/shot-pairs.json', '--out', '/tmp/shot-out'], { env: { GITHUB_TOKEN: sandbox.users().lead, GITHUB_API_URL: sandbox.url }, out: () => {}, err: console.error, now: () => Date.now(), spaceQueries: false });
await sandbox.close();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const scheme of ['light', 'dark'] as const) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
  await page.goto('file:///tmp/shot-out/mentoring-report.html');
  await page.screenshot({ path: `/tmp/shot-${scheme}.png`, fullPage: true });
}
await browser.close();
