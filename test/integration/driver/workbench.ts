// One real VS Code for the integration tests: a code-server on a workspace, headless Chromium on its
// page, Mutual Mentor loaded by extensionDevelopmentPath and the tests by extensionTestsPath. Forwards
// the tests' console (each line prefixed), answers their driver requests (screenshots, DOM reads) and
// resolves with the tests' result line once VS Code exits (CONTRIBUTING.md §Integration tests).
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from '../../../scripts/lib/browser';
import { remoteUri, startCodeServer } from '../../../scripts/lib/codeServer';
import { parseResultLine, type RunResult } from '../../support/result';
import { answer } from './browser';
import { parseDriverRequest } from './protocol';

export interface WorkbenchRun {
  readonly codeServerDir: string;
  /** A folder owned by this workbench (its profile, HOME, TMPDIR). */
  readonly runDir: string;
  readonly workspace: string;
  readonly repo: string;
  /** The bundled tests' entry (extensionTestsPath). */
  readonly testsEntry: string;
  /** Where screenshots and driver answers go. */
  readonly resultsDir: string;
  readonly apiUrl: string;
  /** Reaches the extension host (and the tests). */
  readonly env: Readonly<Record<string, string>>;
  /** Put before each forwarded line, e.g. "  │ " or "  ada │ ". */
  readonly prefix: string;
  readonly timeoutMs: number;
  /** Every line the tests print (after forwarding), e.g. to collect figures they report. */
  readonly onLine?: (line: string) => void;
}

export interface WorkbenchResult {
  readonly vscodeVersion: string;
  readonly result: RunResult | undefined;
  /** VS Code's exit code (124: no result in time). */
  readonly code: number;
}

export async function runWorkbench(run: WorkbenchRun): Promise<WorkbenchResult> {
  const server = await startCodeServer({
    codeServerDir: run.codeServerDir,
    runDir: run.runDir,
    workspace: run.workspace,
    machineSettings: { 'mutualMentor.github.apiUrl': run.apiUrl }, // a machine-scoped setting
    smokeTestDriver: true,
    env: { MUTUAL_MENTOR_TEST_DRIVER: 'code-server', MUTUAL_MENTOR_TEST_RESULTS: run.resultsDir, ...run.env },
    onOutput: (line) => {
      if (process.env.MUTUAL_MENTOR_IT_VERBOSE) console.log(`  [code-server] ${line}`);
    },
  });
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  let result: RunResult | undefined;
  const pendingRequests: Promise<void>[] = [];
  try {
    console.log(`integration: VS Code ${server.vscodeVersion} (code-server) at ${server.url}, workspace ${run.workspace}`);
    context = await chromium.launchPersistentContext(`${run.runDir}/chrome`, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const text = format(...(Array.isArray(args) ? args : [args]));
        for (const line of text.split('\n')) {
          const request = parseDriverRequest(line);
          if (request) {
            // A request from a test to the driver, not something for the reader of the log.
            pendingRequests.push(answer(page, run.resultsDir, request));
            continue;
          }
          console.log(`${run.prefix}${line}`);
          result = parseResultLine(line) ?? result;
          run.onLine?.(line);
        }
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(server, run.repo)],
      ['extensionTestsPath', remoteUri(server, run.testsEntry)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(server.workbenchUrl(payload));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`integration: no result within ${run.timeoutMs / 1000} s`);
        resolve(124);
      }, run.timeoutMs);
    });
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    await Promise.allSettled(pendingRequests);
    return { vscodeVersion: server.vscodeVersion, result, code };
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
  }
}

/** Whether a workbench's run passed: a result line with no failures (a crashed host also exits 0, so the code alone proves nothing). */
export function passed(run: WorkbenchResult, label: string): boolean {
  if (!run.result) {
    console.error(`integration: ${label}: the tests never reported a result (exit code ${run.code}); the extension host crashed or a test file failed to load`);
    return false;
  }
  if (run.code !== 0 && run.result.failures === 0) {
    console.error(`integration: ${label}: VS Code reported exit code ${run.code} although no test failed`);
    return false;
  }
  return run.result.failures === 0;
}
