// The two-workbench suite (issue 14; CONTRIBUTING.md §Integration tests): ada and grace, each in her own
// code-server with her own profile, token and workspace, against one GitHub sandbox with no scripted
// partner. Each side's tests (test/integration/pair/) act only in her own VS Code and wait for what the
// other side does to reach it through GitHub. At the end each side reports her Ledger figures with the
// other; the suite passes only when they mirror (ada's taught = grace's learned, help given = received).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedDemo } from '../../sandbox/demoSeed';
import { seedDefault } from '../../sandbox/seed';
import { createSandbox } from '../../sandbox/server';
import { runWorkbench, type WorkbenchResult } from './workbench';
import { LEDGER_PREFIX, mirrored, PAIR_PREFIX, type SideFigures } from '../pair/figures';

const git = (args: string[]) => promisify(execFile)('git', args);

export interface PairSuiteOptions {
  readonly codeServerDir: string;
  readonly repo: string;
  readonly resultsDir: string;
  readonly runDir: string;
  readonly timeoutMs: number;
}

export interface PairOutcome {
  readonly label: string;
  /** Both sides' results added up, plus one failure when the ledgers do not mirror. */
  readonly run: WorkbenchResult;
  readonly figures: Partial<Record<'ada' | 'grace', SideFigures>>;
  /** The pair's state as both sides last reported it (undefined when they disagree or never said). */
  readonly pair?: string;
}

/** Copies the extension host's logs (Mutual Mentor's own among them) out of a run folder before it is removed. */
export function keepExtensionLogs(runDir: string, into: string): void {
  const logsRoot = path.join(runDir, 'ud', 'logs');
  if (!existsSync(logsRoot)) return;
  for (const file of readdirSync(logsRoot, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.log') || !file.includes('exthost')) continue;
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    cpSync(path.join(logsRoot, file), path.join(into, file));
  }
}

export async function pairSuite(options: PairSuiteOptions): Promise<PairOutcome> {
  const sandbox = await createSandbox({ dataDir: path.join(options.runDir, 'sandbox'), pollInterval: 5 });
  const figures: PairOutcome['figures'] = {};
  const pairStates: Partial<Record<'ada' | 'grace', string>> = {};
  try {
    await seedDefault(sandbox);
    await seedDemo(sandbox, { partner: false }); // ada/lru-cache with ada's open PR, grace/type-kata; nobody scripted
    const sides = [
      { role: 'ada', clone: ['--branch', 'feature/ttl', `${sandbox.url}/ada/lru-cache.git`] },
      { role: 'grace', clone: [`${sandbox.url}/grace/type-kata.git`] },
    ] as const;
    const runs = await Promise.all(
      sides.map(async ({ role, clone }) => {
        const runDir = path.join(options.runDir, role);
        const workspace = path.join(runDir, 'workspace');
        mkdirSync(runDir, { recursive: true });
        await git(['clone', '--quiet', ...clone, workspace]);
        try {
          return await runWorkbench({
            codeServerDir: options.codeServerDir,
            runDir,
            workspace,
            repo: options.repo,
            testsEntry: path.join(options.repo, 'out', 'test', 'integration', 'pair', 'index.cjs'),
            resultsDir: path.join(options.resultsDir, role),
            apiUrl: `${sandbox.url}/api/v3`,
            env: {
              MUTUAL_MENTOR_PAIR_ROLE: role,
              // Only her own token: each side signs in as herself and acts only in her own VS Code.
              MUTUAL_MENTOR_PAIR_TOKEN: sandbox.users()[role],
            },
            prefix: `  ${role.padEnd(5)} │ `,
            timeoutMs: options.timeoutMs,
            onLine: (line) => {
              if (line.startsWith(LEDGER_PREFIX)) figures[role] = JSON.parse(line.slice(LEDGER_PREFIX.length)) as SideFigures;
              if (line.startsWith(PAIR_PREFIX)) pairStates[role] = line.slice(PAIR_PREFIX.length).trim();
            },
          });
        } finally {
          keepExtensionLogs(runDir, path.join(options.resultsDir, role, 'logs'));
        }
      }),
    );
    const mirror = mirrored(figures.ada, figures.grace);
    console.log(
      `integration: two workbenches: pair ${pairStates.ada ?? '?'} (ada) / ${pairStates.grace ?? '?'} (grace); ada ${JSON.stringify(figures.ada ?? null)}, grace ${JSON.stringify(figures.grace ?? null)}; ${mirror ? 'mirrored' : 'NOT mirrored'}`,
    );
    const result = runs.every((r) => r.result)
      ? {
          passes: runs.reduce((n, r) => n + r.result!.passes, 0),
          failures: runs.reduce((n, r) => n + r.result!.failures, 0) + (mirror ? 0 : 1),
          pending: runs.reduce((n, r) => n + r.result!.pending, 0),
        }
      : undefined;
    // The pair's state when both sides reported the same one.
    const pair = pairStates.ada === pairStates.grace ? pairStates.ada : undefined;
    return {
      label: 'two workbenches (ada and grace)',
      run: { vscodeVersion: runs[0].vscodeVersion, result, code: Math.max(...runs.map((r) => r.code)) },
      figures,
      ...(pair ? { pair } : {}),
    };
  } finally {
    await sandbox.close();
  }
}
