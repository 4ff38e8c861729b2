// `npm run bench -- report [PAIRS]`: the program report (issue 18) on the GitHub sandbox seeded with a
// program — 1,000 pairs, 10 exchanges each, 100,000 ledger events, written straight into its state —,
// in one run: the first report (points from the sandbox's counters, which charge GraphQL by GitHub's
// rule, test/sandbox/graphql/cost.ts), an unchanged re-run with the cursor (points per pair), and a
// naive report that asks GitHub's REST API per pair and per exchange. Prints a table; the last line is one
// JSON object with pairs, points, naivePoints, ms and rerun.pointsPerPair. Exits 1 if a target is missed.
import { performance } from 'node:perf_hooks';
import { Octokit } from 'octokit';
import { createGitHubClient } from '../src/core/github/client';
import { DEFAULT_DRIFT } from '../src/core/ledger/ledger';
import { answers } from '../src/core/ledger/history';
import { lessonsIn, type CommentLike } from '../src/core/ledger/lessons';
import { makePair, pairKey, type Pair } from '../src/core/report/pairs';
import { searchNames, searchQuery } from '../src/core/report/queries';
import { runReport } from '../src/core/report/run';
import type { Resource } from '../test/sandbox/accounting';
import { seedProgram } from '../test/sandbox/programSeed';
import { createSandbox, type Sandbox } from '../test/sandbox/server';

const EXCHANGES_PER_PAIR = 10;

interface Stats {
  readonly rest: number;
  readonly graphql: number;
  readonly requests: number;
}

const stats = (sandbox: Sandbox, login: string): Stats => {
  const s = sandbox.accounting.userStats(login);
  return { rest: s.restPoints, graphql: s.graphqlPoints, requests: s.requests };
};

/** The report a script without batching would make: every search and every exchange's lists over REST, per pair. */
async function naiveReport(octokit: Octokit, pairs: readonly Pair[]): Promise<number> {
  let events = 0;
  const queue = [...pairs];
  const worker = async () => {
    for (let pair = queue.shift(); pair; pair = queue.shift()) {
      const seen = new Set<string>();
      for (const name of searchNames) {
        const items = await octokit.paginate('GET /search/issues', { q: searchQuery(name, pair, 'mentoring'), per_page: 100 });
        for (const item of items) {
          if (seen.has(item.node_id)) continue;
          seen.add(item.node_id);
          const [owner = '', repo = ''] = new URL(item.repository_url).pathname.split('/').slice(-2);
          const comments = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner,
            repo,
            issue_number: item.number,
            per_page: 100,
          });
          const list: CommentLike[] = comments.map((c) => ({
            body: c.body ?? '',
            author: c.user?.login ?? 'ghost',
            createdAt: c.created_at,
            url: c.html_url,
            nodeId: c.node_id,
          }));
          events += list.flatMap((c) => lessonsIn(c)).length + answers(list, '', pair.a, pair.b).length;
          if (item.pull_request) {
            await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner, repo, pull_number: item.number, per_page: 100 });
            const reviews = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
              owner,
              repo,
              pull_number: item.number,
              per_page: 100,
            });
            if (item.pull_request.merged_at) events++;
            if (reviews.some((r) => r.state === 'APPROVED' && r.user?.login !== item.user?.login)) events++;
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return events;
}

export async function runReportBench(): Promise<boolean> {
  const pairCount = Number(process.argv[3] ?? 1000);
  const sandbox = await createSandbox();
  try {
    const now = Date.now();
    let t = performance.now();
    const seed = seedProgram(sandbox, { pairs: pairCount, exchangesPerPair: EXCHANGES_PER_PAIR, now });
    const seedMs = performance.now() - t;
    sandbox.state.addUser('lead');
    sandbox.state.addUser('naive');
    // The budgets are GitHub's per hour; the benchmark counts points, it does not wait for resets.
    for (const login of ['lead', 'naive']) for (const r of ['core', 'graphql', 'search'] as Resource[]) sandbox.accounting.budget(login, r).limit = 1e9;
    const pairs = seed.pairs.map(([a, b]) => makePair(a, b) as Pair);
    const client = createGitHubClient({ apiUrl: sandbox.url, token: sandbox.users().lead, userAgent: 'mm-bench', retries: 0, spaceQueries: false });

    t = performance.now();
    const first = await runReport({ client, pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now });
    const firstMs = performance.now() - t;
    const afterFirst = stats(sandbox, 'lead');
    const events = first.pairs.reduce((n, p) => n + p.events, 0);
    const matches = first.pairs.every((p) => {
      const want = seed.expected.get(pairKey(p));
      return (
        want && p.aToB.lessons === want.aToB.lessons && p.aToB.help === want.aToB.help && p.bToA.lessons === want.bToA.lessons && p.bToA.help === want.bToA.help
      );
    });

    t = performance.now();
    const rerun = await runReport({ client, pairs, label: 'mentoring', settings: DEFAULT_DRIFT, now, cursor: first.cursor });
    const rerunMs = performance.now() - t;
    const afterRerun = stats(sandbox, 'lead');
    const rerunPoints = afterRerun.graphql - afterFirst.graphql;

    const naive = new Octokit({ auth: sandbox.users().naive, baseUrl: sandbox.url, throttle: { enabled: false }, retry: { enabled: false } });
    t = performance.now();
    const naiveEvents = await naiveReport(naive, pairs);
    const naiveMs = performance.now() - t;
    const n = stats(sandbox, 'naive');
    const naiveSearches = sandbox.accounting.userStats('naive').byRoute['GET /search/issues'] ?? 0;

    const points = afterFirst.graphql;
    const pointsPerPair = rerunPoints / pairs.length;
    const ratio = n.rest / Math.max(1, points);
    const row = (name: string, p: number, q: number, ms: number, ev: number) => `| ${name} | ${p} | ${q} | ${Math.round(ms)} | ${ev} |`;
    console.log(
      `Program report of ${pairs.length} pairs, ${seed.exchanges} exchanges, ${seed.events} ledger events on the GitHub sandbox (seeded in ${Math.round(seedMs)} ms).`,
    );
    console.log('| run | points | requests | ms | events counted |\n|---|---|---|---|---|');
    console.log(row('first report (GraphQL points)', points, afterFirst.requests, firstMs, events));
    console.log(
      row(
        'unchanged re-run (GraphQL points)',
        rerunPoints,
        afterRerun.requests - afterFirst.requests,
        rerunMs,
        rerun.pairs.reduce((s, p) => s + p.events, 0),
      ),
    );
    console.log(row(`naive per-pair REST (REST points; ${naiveSearches} of them searches)`, n.rest, n.requests, naiveMs, naiveEvents));
    console.log(
      `Estimated before running: ${first.cost.estimatedPoints} points (spent ${first.cost.points}; the sandbox charged ${points}). On GitHub octokit spaces the ${first.cost.requests} queries a second apart (≈ ${Math.round(first.cost.requests / 60)} min more); the naive report's ${naiveSearches} searches at GitHub's 30 per minute would take ${Math.round(naiveSearches / 30)} min.`,
    );
    const targets = {
      figuresMatchSeed: matches && events === seed.events,
      tenTimesFewerPoints: ratio >= 10,
      rerunAtMostTenthPointPerPair: pointsPerPair <= 0.1,
      estimateExact: first.cost.estimatedPoints === points,
    };
    const met = Object.values(targets).every(Boolean);
    console.log(`${ratio.toFixed(1)}× fewer points than the naive report; re-run ${pointsPerPair.toFixed(3)} points per pair.`);
    console.log(
      `Targets: ${Object.entries(targets)
        .map(([k, ok]) => `${k} ${ok ? 'met' : 'MISSED'}`)
        .join(', ')}.`,
    );
    console.log(
      JSON.stringify({
        bench: 'report',
        pairs: pairs.length,
        exchanges: seed.exchanges,
        events: seed.events,
        points,
        estimatedPoints: first.cost.estimatedPoints,
        queries: first.cost.requests,
        naivePoints: n.rest,
        naiveSearches,
        naiveRequests: n.requests,
        ratio: Math.round(ratio * 10) / 10,
        ms: Math.round(firstMs),
        naiveMs: Math.round(naiveMs),
        seedMs: Math.round(seedMs),
        rerun: { points: rerunPoints, pointsPerPair: Math.round(pointsPerPair * 1000) / 1000, ms: Math.round(rerunMs) },
        targets: { ...targets, met },
      }),
    );
    return met;
  } finally {
    await sandbox.close();
  }
}
