// The program report's command line (README §Mentoring programs, ARCHITECTURE.md §Program report):
//   node dist/report.cjs --pairs pairs.json [--org ORG] --format md,json,html --out DIR
//                        [--shard i/n] [--merge DIR] [--cursor FILE] [--label mentoring]
// The token comes from GITHUB_TOKEN (or MUTUAL_MENTOR_TOKEN), the API from --api-url or GITHUB_API_URL.
// A shard run writes its shard file only; --merge reads shard files and writes the report.
import { parseArgs } from 'node:util';
import { createGitHubClient } from '../core/github/client';
import { DEFAULT_DRIFT, type DriftSettings } from '../core/ledger/ledger';
import { DEFAULT_LABEL } from '../core/model';
import { isValidLogin } from '../core/partners';
import { readCursor } from '../core/report/cursor';
import { renderHtml } from '../core/report/html';
import { renderMarkdown } from '../core/report/markdown';
import { parsePairs, parseShard, selectPairs, shardPairs } from '../core/report/pairs';
import { runReport, scopeOf } from '../core/report/run';
import { mergeShards, SHARD_KIND, SHARD_VERSION, type Report, type ShardFile } from '../core/report/shards';
import { readJson, readShardDir, writeAtomic } from './files';

export const USAGE = `usage: mutual-mentor-report (--pairs FILE [--org ORG] | --merge DIR) --out DIR
  [--format md,json,html] [--shard i/n] [--cursor FILE] [--label LABEL] [--api-url URL]
  [--window-days N] [--min-events N] [--one-sided-share X]
Token: GITHUB_TOKEN (or MUTUAL_MENTOR_TOKEN). API: --api-url, else GITHUB_API_URL, else https://api.github.com.`;

export interface Io {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly now: () => number;
  /** Tests and the benchmark against the sandbox turn octokit's one-second query spacing off. */
  readonly spaceQueries?: boolean;
}

const FORMATS = ['md', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

function settingsFrom(values: Record<string, string | undefined>): DriftSettings | string {
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const s = {
    windowDays: num(values['window-days'], DEFAULT_DRIFT.windowDays),
    minEvents: num(values['min-events'], DEFAULT_DRIFT.minEvents),
    oneSidedShare: num(values['one-sided-share'], DEFAULT_DRIFT.oneSidedShare),
  };
  if (!Number.isInteger(s.windowDays) || s.windowDays < 1 || s.windowDays > 3650) return '--window-days takes 1–3650';
  if (!Number.isInteger(s.minEvents) || s.minEvents < 1 || s.minEvents > 1_000_000) return '--min-events takes a whole number ≥ 1';
  if (!(s.oneSidedShare >= 0.5 && s.oneSidedShare <= 1)) return '--one-sided-share takes 0.5–1';
  return s;
}

async function writeReport(report: Report, formats: readonly Format[], out: string, io: Io): Promise<void> {
  for (const f of formats) {
    const name = `mentoring-report.${f}`;
    const body = f === 'md' ? renderMarkdown(report) : f === 'html' ? renderHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
    await writeAtomic(`${out}/${name}`, body);
    io.out(`wrote ${out}/${name}`);
  }
}

/** Runs the command line; resolves the exit code (0 done, 1 failed, 2 usage). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        ['pairs', 'org', 'format', 'out', 'shard', 'merge', 'cursor', 'label', 'api-url', 'window-days', 'min-events', 'one-sided-share'].map((k) => [
          k,
          { type: 'string' as const },
        ]),
      ),
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const usage = (problem: string) => {
    io.err(`${problem}\n${USAGE}`);
    return 2;
  };
  const formats = (values.format ?? 'md,json,html').split(',').map((f) => f.trim());
  if (formats.some((f) => !(FORMATS as readonly string[]).includes(f)))
    return usage(`--format takes md, json and html (comma-separated), not ${JSON.stringify(values.format)}`);
  if (!values.out) return usage('--out DIR is needed');
  const settings = settingsFrom(values);
  if (typeof settings === 'string') return usage(settings);
  if (values.org !== undefined && !isValidLogin(values.org)) return usage('--org takes an organisation login');
  const label = values.label ?? DEFAULT_LABEL;
  if (label.length === 0 || label.length > 50 || /["\\\n]/.test(label)) return usage('--label takes a label name (no quotes or backslashes)');

  if (values.merge !== undefined) {
    const inputs = await readShardDir(values.merge);
    if (inputs.length === 0) {
      io.err(`no shard files (*.json) in ${values.merge}`);
      return 1;
    }
    const report = mergeShards(inputs, io.now());
    io.out(
      `merged ${inputs.length} file${inputs.length === 1 ? '' : 's'}: ${report.pairs.length} pairs${report.shards.missing.length ? `; shards missing: ${report.shards.missing.join(', ')}` : ''}`,
    );
    await writeReport(report, formats as Format[], values.out, io);
    return report.shards.missing.length ? 1 : 0;
  }

  if (values.pairs === undefined) return usage('--pairs is needed (the pairs that agreed to share figures with the program), or --merge DIR');
  const shard = values.shard === undefined ? { index: 1, count: 1 } : parseShard(values.shard);
  if (typeof shard === 'string') return usage(shard);
  const token = io.env.GITHUB_TOKEN || io.env.MUTUAL_MENTOR_TOKEN;
  if (!token) {
    io.err('no token: set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ secrets.… }}) to a token that can read the pairs’ repositories');
    return 1;
  }
  let apiUrl = values['api-url'] ?? io.env.GITHUB_API_URL ?? 'https://api.github.com';
  while (apiUrl.endsWith('/')) apiUrl = apiUrl.slice(0, -1);
  const client = createGitHubClient({ apiUrl, token, userAgent: 'mutual-mentor-report', log: (m) => io.err(m), spaceQueries: io.spaceQueries ?? true });

  const scope = scopeOf(label, values.org);
  const warnings: string[] = [];
  const cursor = values.cursor ? readCursor(await readJson(values.cursor), scope, (w) => warnings.push(w)) : undefined;
  const loaded = await readJson(values.pairs);
  if (loaded === undefined) {
    io.err(`no pairs file at ${values.pairs}`);
    return 1;
  }
  const parsed = parsePairs(loaded);
  warnings.push(...parsed.problems);
  // Agreements that opt in or out join here once their reader exists (pairs.ts `selectPairs`).
  const pairs = shardPairs(selectPairs(parsed.pairs), shard.index, shard.count);
  io.out(`${pairs.length} pair${pairs.length === 1 ? '' : 's'}${shard.count > 1 ? ` in shard ${shard.index}/${shard.count}` : ''}`);

  // Reading the rate limit is free on GitHub: the budget, before the run's estimate is printed.
  const limits = (await client.request('GET /rate_limit')).data.resources.graphql;
  if (limits) io.out(`GraphQL budget: ${limits.remaining} of ${limits.limit} points left until ${new Date(limits.reset * 1000).toISOString()}`);
  const run = await runReport({
    client,
    pairs,
    label,
    ...(values.org ? { org: values.org } : {}),
    ...(cursor ? { cursor } : {}),
    settings,
    now: io.now(),
    log: (line) => io.out(line),
    checkpoint: async (c) => {
      if (values.cursor) await writeAtomic(values.cursor, JSON.stringify(c));
    },
  });
  io.out(`spent ${run.cost.points} GraphQL points in ${run.cost.requests} queries (estimated ${run.cost.estimatedPoints})`);
  if (values.cursor) await writeAtomic(values.cursor, JSON.stringify(run.cursor));
  const file: ShardFile = {
    kind: SHARD_KIND,
    version: SHARD_VERSION,
    shard,
    generatedAt: new Date(io.now()).toISOString(),
    settings,
    cost: run.cost,
    pairs: run.pairs,
    warnings: [...warnings, ...run.warnings],
  };
  if (values.shard !== undefined) {
    const name = `${values.out}/shard-${shard.index}-of-${shard.count}.json`;
    await writeAtomic(name, `${JSON.stringify(file)}\n`);
    io.out(`wrote ${name}`);
    return 0;
  }
  await writeReport(mergeShards([{ name: 'this run', json: JSON.parse(JSON.stringify(file)) }], io.now()), formats as Format[], values.out, io);
  return 0;
}
