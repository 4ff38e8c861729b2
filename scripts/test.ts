// `npm test`: type check, lint, packaging the VSIX, unit tests (mocha on Node, with the sandbox's
// contract tests) and integration tests (mocha inside a real VS Code) on the minimum VS Code (1.100.3)
// and then the latest (1.139.1), in that order, each run to the end even when an earlier one fails.
// Ends with one summary line, `N passed, N failed` (`, N skipped` when any), and exits non-zero on any failure. Type check, lint and packaging
// count as one check each; the test suites count their tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findResult, type RunResult } from '../test/support/result';
import { CODE_SERVER_VERSION, LATEST_CODE_SERVER_VERSION } from './lib/codeServer';

const repo = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name);

interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Suites report a result line; plain checks count as one pass or one failure. */
  readonly suite: boolean;
}

const steps: Step[] = [
  { name: 'type check', command: bin('tsc'), args: ['-p', '.', '--noEmit'], suite: false },
  { name: 'lint', command: bin('eslint'), args: ['.'], suite: false },
  { name: 'format (Prettier)', command: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'], suite: false },
  { name: 'package (VSIX)', command: process.execPath, args: ['--import', 'tsx', 'scripts/package.ts'], suite: false },
  { name: 'unit', command: bin('mocha'), args: ['test/unit/**/*.test.ts'], suite: true },
  ...[CODE_SERVER_VERSION, LATEST_CODE_SERVER_VERSION].map((version) => ({
    name: `integration, code-server ${version}`,
    command: process.execPath,
    args: ['--import', 'tsx', 'test/integration/driver/run.ts', '--code-server', version],
    suite: true,
  })),
];

/** A run on a real VS Code names its version on its last line (`VS Code 1.139.1: N passed, …`); the summary row does too. */
function rowName(step: Step, output: string): string {
  const named = /^VS Code (\d+\.\d+\.\d+): \d+ passed/m.exec(output);
  return named ? `integration, VS Code ${named[1]}` : step.name;
}

/**
 * An integration run's own total: its last line, `VS Code X: N passed, N failed[, N skipped]`, adds up its suites
 * (the main suite and the two workbenches, each with its own reporter line).
 */
function integrationTotal(output: string): RunResult | undefined {
  let last: RunResult | undefined;
  for (const m of output.matchAll(/^VS Code \d+\.\d+\.\d+: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/gm))
    last = { passes: Number(m[1]), failures: Number(m[2]), pending: Number(m[3] ?? 0) };
  return last;
}

function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    console.log(`\n━━ ${step.name} ━━`);
    const child = spawn(step.command, step.args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main(): Promise<number> {
  const rows: { name: string; result: RunResult; note: string }[] = [];
  for (const step of steps) {
    const { code, output } = await run(step);
    if (!step.suite) {
      rows.push({
        name: step.name,
        result: { passes: code === 0 ? 1 : 0, failures: code === 0 ? 0 : 1, pending: 0 },
        note: code === 0 ? 'ok' : `exit ${code}`,
      });
      continue;
    }
    const result = (step.name.startsWith('integration') ? integrationTotal(output) : undefined) ?? findResult(output);
    const name = rowName(step, output);
    if (!result) {
      rows.push({ name, result: { passes: 0, failures: 1, pending: 0 }, note: `no result line (exit ${code}): the suite did not finish` });
    } else if (code !== 0 && result.failures === 0) {
      rows.push({ name, result: { ...result, failures: 1 }, note: `exit ${code} with no failing test` });
    } else {
      rows.push({ name, result, note: code === 0 ? 'ok' : `exit ${code}` });
    }
  }
  const total = rows.reduce(
    (t, r) => ({ passes: t.passes + r.result.passes, failures: t.failures + r.result.failures, pending: t.pending + r.result.pending }),
    { passes: 0, failures: 0, pending: 0 },
  );
  console.log('\n━━ summary ━━');
  for (const { name, result, note } of rows) {
    console.log(
      `  ${name.padEnd(32)} ${String(result.passes).padStart(4)} passed ${String(result.failures).padStart(3)} failed ${String(result.pending).padStart(3)} skipped  ${note}`,
    );
  }
  console.log(`${total.passes} passed, ${total.failures} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return total.failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
