// `npm run demo`: the GitHub sandbox with the demo seed (ada = you, grace = your scripted partner,
// an open pull request on ada/lru-cache), a clone of that repository on the pull request's branch as
// the workspace, and a real VS Code (code-server) with Mutual Mentor configured for the sandbox and
// signed in as ada. Prints the URL to open; Ctrl-C stops everything it started.
//   --port N        VS Code's port (default: a free port)
//   --sandbox-port N  the sandbox's port (default: a free port)
//   --check         instead of serving, open the URL in headless Chromium, open the Mutual Mentor views,
//                   save test-results/demo/workbench.png and exit (checks the demo works)
//   --both          two VS Codes, ada's and grace's, and no scripted partner (scripts/demoBoth.ts);
//                   with --check, runs the two-sided loop headless and prints one JSON line
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { createSandbox } from '../test/sandbox/server';
import { seedDefault } from '../test/sandbox/seed';
import { seedDemo } from '../test/sandbox/demoSeed';
import { chromiumArgs, CHROMIUM_PATH } from './lib/browser';
import { ensureCodeServer, remoteUri, startCodeServer } from './lib/codeServer';
import { demoBoth } from './demoBoth';

const repo = path.resolve(import.meta.dirname, '..');
const demoDir = path.join(repo, '.demo');
const git = promisify(execFile);

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
    const replies = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await replies.getByText('Signed in as @ada').waitFor({ timeout: 30_000 });
    await page.locator('.part.sidebar').getByText('@grace').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(out, 'workbench.png') });
    console.log(`demo check: the Mutual Mentor views show, signed in as @ada and paired with @grace; screenshot ${path.relative(repo, out)}/workbench.png`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const codeServerDir = ensureCodeServer();
  if (process.argv.includes('--both')) {
    const code = await demoBoth(repo, codeServerDir, path.join(repo, '.demo-both'), process.argv.slice(2));
    if (code !== undefined) process.exit(code);
    return;
  }
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js')], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(demoDir, { recursive: true });
  const sandboxPort = option('--sandbox-port');
  const sandbox = await createSandbox({ dataDir: path.join(demoDir, 'sandbox'), ...(sandboxPort ? { port: Number(sandboxPort) } : {}) });
  await seedDefault(sandbox);
  const partner = await seedDemo(sandbox);
  const ada = sandbox.users().ada;

  // The workspace: a real clone of the sandbox repository, on the pull request's branch.
  const workspace = path.join(demoDir, 'lru-cache');
  await git('git', ['clone', '--quiet', '--branch', 'feature/ttl', `${sandbox.url}/ada/lru-cache.git`, workspace]);
  await git('git', ['config', 'user.name', 'Ada Lovelace'], { cwd: workspace });
  await git('git', ['config', 'user.email', 'ada@users.noreply.sandbox.local'], { cwd: workspace });
  // Pushing from the demo workspace authenticates as ada, like a credential helper would.
  await git('git', ['config', `http.${sandbox.url}/.extraheader`, `Authorization: Basic ${Buffer.from(`ada:${ada}`).toString('base64')}`], { cwd: workspace });

  const runDir = path.join(demoDir, 'run');
  mkdirSync(runDir, { recursive: true });
  const port = option('--port');
  const server = await startCodeServer({
    codeServerDir,
    runDir,
    workspace,
    ...(port ? { port: Number(port) } : {}),
    // Already paired with the demo partner, so the first thing to try is an ask.
    settings: {
      'mutualMentor.github.apiUrl': `${sandbox.url}/api/v3`,
      'mutualMentor.partners': [{ login: 'grace', teaches: ['typescript'], learns: ['testing'] }],
    },
    env: { MUTUAL_MENTOR_GITHUB_TOKEN: ada },
  });
  const url = server.workbenchUrl([
    ['extensionDevelopmentPath', remoteUri(server, repo)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  const stop = async () => {
    partner.stop();
    await server.stop();
    await sandbox.close();
  };
  const onSignal = () => {
    console.log('\nStopping the demo (code-server and the GitHub sandbox)…');
    void stop().then(() => {
      console.log(`Stopped. The demo's workspace and sandbox data stay in ${path.relative(repo, demoDir)} until the next run.`);
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (process.argv.includes('--check')) {
    try {
      await check(url);
    } finally {
      await stop();
    }
    return;
  }
  console.log(`\nMutual Mentor demo — VS Code ${server.vscodeVersion} (code-server) and the GitHub sandbox at ${sandbox.url}`);
  console.log(`  workspace: ${path.relative(repo, workspace)} (branch feature/ttl, pull request ada/lru-cache#1)`);
  console.log('  you are @ada; your partner @grace is a scripted demo actor who answers asks after a few seconds');
  console.log(`\nOpen this URL in a browser on this machine, then click the Mutual Mentor icon in the activity bar:\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error('demo:', error instanceof Error ? error.message : error);
  process.exit(1);
});
