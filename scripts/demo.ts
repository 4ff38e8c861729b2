// `npm run demo`: builds the extension and opens a real VS Code (code-server) with Mutual Mentor
// loaded in a sample workspace, then prints the URL to open. Ctrl-C stops everything it started.
//   --port N   serve on port N (default: a free port)
//   --check    instead of serving, open the URL in headless Chromium, open the Mutual Mentor view
//              container, save test-results/demo/workbench.png and exit (used to check the demo works)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from './lib/browser';
import { ensureCodeServer, remoteUri, startCodeServer } from './lib/codeServer';

const repo = path.resolve(import.meta.dirname, '..');
const demoDir = path.join(repo, '.demo');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function check(url: string): Promise<void> {
  const out = path.join(repo, 'test-results', 'demo');
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.activitybar [aria-label^="Mutual Mentor"]').first().click({ timeout: 60_000 });
    await page.getByText('No exchanges yet.').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(out, 'workbench.png') });
    console.log(`demo check: the Mutual Mentor views are shown; screenshot ${path.relative(repo, out)}/workbench.png`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const codeServerDir = ensureCodeServer();
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js')], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const workspace = path.join(demoDir, 'workspace');
  if (!existsSync(workspace)) cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const runDir = path.join(demoDir, 'run');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });

  const port = option('--port');
  const server = await startCodeServer({ codeServerDir, runDir, workspace, ...(port ? { port: Number(port) } : {}) });
  const url = server.workbenchUrl([
    ['extensionDevelopmentPath', remoteUri(server, repo)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (process.argv.includes('--check')) {
    try {
      await check(url);
    } finally {
      await server.stop();
    }
    return;
  }
  console.log(`\nMutual Mentor demo: VS Code ${server.vscodeVersion} (code-server) with the extension in ${path.relative(repo, workspace)}`);
  console.log(`Open this URL in a browser on this machine, then click the Mutual Mentor icon in the activity bar:\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error('demo:', error instanceof Error ? error.message : error);
  process.exit(1);
});
