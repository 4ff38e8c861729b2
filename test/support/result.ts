/** Reads the reporter's result line (see summaryReporter.cjs) out of a run's output. */
export interface RunResult {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
}

export const SENTINEL = 'MUTUAL_MENTOR_RESULT';

export function parseResultLine(line: string): RunResult | undefined {
  const at = line.indexOf(`${SENTINEL} `);
  if (at < 0) return undefined;
  try {
    const raw = JSON.parse(line.slice(at + SENTINEL.length + 1)) as Record<string, unknown>;
    const { passes, failures, pending } = raw;
    if ([passes, failures, pending].every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      return { passes: passes as number, failures: failures as number, pending: pending as number };
    }
  } catch {
    // not a result line
  }
  return undefined;
}

export function findResult(output: string): RunResult | undefined {
  let last: RunResult | undefined;
  for (const line of output.split('\n')) last = parseResultLine(line) ?? last;
  return last;
}
