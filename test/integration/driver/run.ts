// Runs the integration tests inside a real VS Code: code-server (4.100.3 = VS Code 1.100.3 unless
// `--code-server VERSION` names another, e.g. 4.139.1) in headless Debian Chromium driven by
// playwright-core (CONTRIBUTING.md §Integration tests). Installs what is missing, builds, starts
// everything, forwards the extension host's log, answers the tests' driver requests (screenshots,
// DOM reads) and stops everything it started. Passes only when the tests' result line says 0 failures:
// a crashed extension host also ends with exit code 0, so the exit code alone proves nothing.
// Its last line is `VS Code X: N passed, N failed` (`, N skipped` when any), naming the version it ran on.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_VERSION, ensureCodeServer, vscodeVersionOf } from '../../../scripts/lib/codeServer';
import { createSandbox } from '../../sandbox/server';
import { seedDemo } from '../../sandbox/demoSeed';
import { seedDefault } from '../../sandbox/seed';
import type { RunResult } from '../../support/result';
import { keepExtensionLogs, pairSuite } from './pairRun';
import { passed, runWorkbench, type WorkbenchResult } from './workbench';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');
const git = (args: string[]) => promisify(execFile)('git', args);
const RUN_TIMEOUT_MS = Number(process.env.MUTUAL_MENTOR_IT_TIMEOUT_MS ?? 1_200_000);

/** `--code-server VERSION` (default: the minimum, 4.100.3). */
function codeServerVersion(argv: readonly string[]): string {
  const at = argv.indexOf('--code-server');
  if (at < 0) return CODE_SERVER_VERSION;
  const version = argv[at + 1];
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`--code-server needs a version such as 4.139.1, not ${version ?? 'nothing'}`);
  return version;
}

function summary(vscodeVersion: string, result: RunResult | undefined): string {
  const { passes, failures, pending } = result ?? { passes: 0, failures: 1, pending: 0 };
  return `VS Code ${vscodeVersion}: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}${result ? '' : ' (no result)'}`;
}

function build(): void {
  const result = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js'), '--tests'], { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

interface Suite {
  readonly label: string;
  readonly run: WorkbenchResult;
}

/** The main suite: one workbench, signed in as ada, the suites of test/integration in order. */
async function mainSuite(codeServerDir: string, resultsDir: string, runDir: string): Promise<Suite> {
  const workspace = path.join(runDir, 'workspace');
  // The GitHub sandbox the extension talks to (its API URL in the user settings); tests reach it through these variables.
  // A 5 s X-Poll-Interval (GitHub's is usually 60 s) so tests that wait for a notifications poll stay short.
  const sandbox = await createSandbox({ dataDir: path.join(runDir, 'sandbox'), pollInterval: 5 });
  try {
    await seedDefault(sandbox);
    await seedDemo(sandbox, { partner: false }); // ada/lru-cache with an open PR; tests answer as grace themselves
    // The workspace is a real clone of the sandbox repository, on the pull request's branch.
    await git(['clone', '--quiet', '--branch', 'feature/ttl', `${sandbox.url}/ada/lru-cache.git`, workspace]);
    const run = await runWorkbench({
      codeServerDir,
      runDir,
      workspace,
      repo,
      testsEntry: path.join(repo, 'out', 'test', 'integration', 'index.cjs'),
      resultsDir,
      apiUrl: `${sandbox.url}/api/v3`,
      env: {
        // Tokens for the tests to sign in with (as a person would paste one); not read by the extension.
        MUTUAL_MENTOR_TEST_USERS: JSON.stringify(sandbox.users()),
        MUTUAL_MENTOR_SANDBOX_URL: sandbox.url,
        MUTUAL_MENTOR_SANDBOX_ADMIN: sandbox.adminToken,
      },
      prefix: '  │ ',
      timeoutMs: RUN_TIMEOUT_MS,
    });
    return { label: 'main suite', run };
  } finally {
    keepExtensionLogs(runDir, path.join(resultsDir, 'logs'));
    await sandbox.close();
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const codeServerDir = ensureCodeServer(codeServerVersion(argv));
  const vscodeVersion = vscodeVersionOf(codeServerDir);
  // One results folder per VS Code version, so `npm test`'s second run keeps the first one's screenshots.
  const resultsDir = path.join(repo, 'test-results', 'integration', `vscode-${vscodeVersion}`);
  build();
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'mutual-mentor-it-'));
  const suites: Suite[] = [];
  try {
    // --pair-only: just the two-workbench suite (a quicker loop while working on it); --no-pair: just the main suite.
    if (!argv.includes('--pair-only')) suites.push(await mainSuite(codeServerDir, resultsDir, path.join(runDir, 'main')));
    if (!argv.includes('--no-pair')) {
      const pair = await pairSuite({
        codeServerDir,
        repo,
        resultsDir: path.join(resultsDir, 'pair'),
        runDir: path.join(runDir, 'pair'),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      suites.push(pair);
    }
    return suites.every((s) => passed(s.run, s.label)) ? 0 : 1;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
    console.log(`integration: screenshots in ${path.relative(repo, resultsDir)}/**/screenshots/`);
    // A suite with no result line counts as one failure.
    const total = suites.reduce(
      (t, s) => ({
        passes: t.passes + (s.run.result?.passes ?? 0),
        failures: t.failures + (s.run.result?.failures ?? 1),
        pending: t.pending + (s.run.result?.pending ?? 0),
      }),
      { passes: 0, failures: 0, pending: 0 },
    );
    console.log(summary(vscodeVersion, suites.length > 0 ? total : undefined));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('integration:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
