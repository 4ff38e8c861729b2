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
import { format, promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from '../../../scripts/lib/browser';
import { CODE_SERVER_VERSION, ensureCodeServer, remoteUri, startCodeServer, vscodeVersionOf, type CodeServer } from '../../../scripts/lib/codeServer';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { seedDemo } from '../../sandbox/demoSeed';
import { seedDefault } from '../../sandbox/seed';
import { parseResultLine, type RunResult } from '../../support/result';
import { answer } from './browser';
import { parseDriverRequest } from './protocol';

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

async function main(): Promise<number> {
  const codeServerDir = ensureCodeServer(codeServerVersion(process.argv.slice(2)));
  const vscodeVersion = vscodeVersionOf(codeServerDir);
  // One results folder per VS Code version, so `npm test`'s second run keeps the first one's screenshots.
  const resultsDir = path.join(repo, 'test-results', 'integration', `vscode-${vscodeVersion}`);
  build();
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'mutual-mentor-it-'));
  const workspace = path.join(runDir, 'workspace');

  let server: CodeServer | undefined;
  let sandbox: Sandbox | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  let result: RunResult | undefined;
  const pendingRequests: Promise<void>[] = [];
  try {
    // The GitHub sandbox the extension talks to (its API URL in the user settings); tests reach it through these variables.
    // A 5 s X-Poll-Interval (GitHub's is usually 60 s) so tests that wait for a notifications poll stay short.
    sandbox = await createSandbox({ dataDir: path.join(runDir, 'sandbox'), pollInterval: 5 });
    await seedDefault(sandbox);
    await seedDemo(sandbox, { partner: false }); // ada/lru-cache with an open PR; tests answer as grace themselves
    // The workspace is a real clone of the sandbox repository, on the pull request's branch.
    await git(['clone', '--quiet', '--branch', 'feature/ttl', `${sandbox.url}/ada/lru-cache.git`, workspace]);
    server = await startCodeServer({
      codeServerDir,
      runDir,
      workspace,
      machineSettings: { 'mutualMentor.github.apiUrl': `${sandbox.url}/api/v3` }, // a machine-scoped setting
      smokeTestDriver: true,
      env: {
        MUTUAL_MENTOR_TEST_DRIVER: 'code-server',
        MUTUAL_MENTOR_TEST_RESULTS: resultsDir,
        // Tokens for the tests to sign in with (as a person would paste one); not read by the extension.
        MUTUAL_MENTOR_TEST_USERS: JSON.stringify(sandbox.users()),
        MUTUAL_MENTOR_SANDBOX_URL: sandbox.url,
        MUTUAL_MENTOR_SANDBOX_ADMIN: sandbox.adminToken,
      },
      onOutput: (line) => {
        if (process.env.MUTUAL_MENTOR_IT_VERBOSE) console.log(`  [code-server] ${line}`);
      },
    });
    console.log(`integration: VS Code ${server.vscodeVersion} (code-server) at ${server.url}, workspace ${workspace}`);

    context = await chromium.launchPersistentContext(path.join(runDir, 'chrome'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const active = server;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        for (const line of text.split('\n')) {
          const request = parseDriverRequest(line);
          if (request) {
            // A request from a test to the driver, not something for the reader of the log.
            pendingRequests.push(answer(page, resultsDir, request));
            continue;
          }
          console.log(`  │ ${line}`);
          result = parseResultLine(line) ?? result;
        }
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(active, repo)],
      ['extensionTestsPath', remoteUri(active, path.join(repo, 'out', 'test', 'integration', 'index.cjs'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(active.workbenchUrl(payload));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`integration: no result within ${RUN_TIMEOUT_MS / 1000} s`);
        resolve(124);
      }, RUN_TIMEOUT_MS);
    });
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    await Promise.allSettled(pendingRequests);

    if (!result) {
      console.error(`integration: the tests never reported a result (exit code ${code}); the extension host crashed or a test file failed to load`);
      return 1;
    }
    if (code !== 0 && result.failures === 0) {
      console.error(`integration: VS Code reported exit code ${code} although no test failed`);
      return 1;
    }
    return result.failures === 0 ? 0 : 1;
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop();
    await sandbox?.close();
    rmSync(runDir, { recursive: true, force: true });
    console.log(`integration: screenshots in ${path.relative(repo, path.join(resultsDir, 'screenshots'))}/`);
    console.log(summary(vscodeVersion, result));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('integration:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
