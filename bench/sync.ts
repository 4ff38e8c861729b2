// `npm run bench -- sync`: what keeping 200 open asks in sync costs on the GitHub sandbox, measured
// with the sandbox's own counters (/_sandbox/stats) in one run: an idle poll, a poll after K = 1,
// 10 and 100 asks got a reply from the partner, and a naive baseline that GETs each ask's REST
// endpoint every poll. Prints a table; the last line is one JSON object. Exits 1 if a target is missed.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Octokit } from 'octokit';
import { createGitHubClient, type GitHubClient } from '../src/core/github/client';
import { appendMarker } from '../src/core/marker';
import type { Ask, RepoRef } from '../src/core/model';
import { SyncEngine } from '../src/core/sync/poller';
import type { PollReport } from '../src/core/sync/synchronizer';
import { createSandbox, type Sandbox } from '../test/sandbox/server';
import { seedDefault } from '../test/sandbox/seed';

const PULLS = 4;
const ASKS_PER_PULL = 40;
const ISSUES = 40;
const KS = [1, 10, 100] as const;

interface Figures {
  requests: number;
  restRequests: number;
  graphqlRequests: number;
  restPoints: number;
  graphqlPoints: number;
  points: number;
  notModified: number;
  /** Node ids in the batched query (sync polls only). */
  nodes?: number;
  ms: number;
  /** Asks whose new reply the poll brought in, of those changed (sync polls only). */
  repliesSeen?: number;
}

interface UserStats {
  requests: number;
  notModified: number;
  restPoints: number;
  graphqlPoints: number;
  graphqlQueries: number;
}

/** Next second: HTTP dates (Last-Modified) have whole seconds, so new activity must fall in a later one. */
const nextSecond = () => sleep(1050 - (Date.now() % 1000));

async function setup(sandbox: Sandbox, ada: Octokit): Promise<Ask[]> {
  const admin = (path: string, body: unknown) =>
    fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: `token ${sandbox.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await admin('/_sandbox/repos', { owner: 'ada', name: 'bench', files: { 'README.md': '# bench\n' }, collaborators: ['grace'] });
  const repo: RepoRef = { host: new URL(sandbox.url).host, owner: 'ada', name: 'bench' };
  const o = { owner: 'ada', repo: 'bench' };
  const ask = (question: string, target: Ask['target'], posted: Ask['posted'], id: string): Ask => ({
    id,
    direction: 'sent',
    partner: 'grace',
    question,
    target,
    createdAt: new Date().toISOString(),
    ...(posted ? { posted } : {}),
  });
  const body = (question: string, id: string) => appendMarker(question, { v: 1, kind: 'ask', id, topic: 'bench' });
  const byPull: Ask[][] = [];
  for (let p = 1; p <= PULLS; p++) {
    const path = `src/part${p}.ts`;
    const file = Array.from({ length: ASKS_PER_PULL }, (_, i) => `export const v${i + 1} = ${i + 1};`).join('\n') + '\n';
    const { sha } = (await (
      await admin('/_sandbox/repos/ada/bench/commits', { branch: `part-${p}`, files: { [path]: file }, author: 'ada', message: `Part ${p}` })
    ).json()) as { sha: string };
    const { data: pull } = await ada.rest.pulls.create({ ...o, head: `part-${p}`, base: 'main', title: `Part ${p}` });
    await ada.rest.pulls.requestReviewers({ ...o, pull_number: pull.number, reviewers: ['grace'] });
    const asks: Ask[] = [];
    for (let line = 1; line <= ASKS_PER_PULL; line++) {
      const id = randomUUID();
      const question = `Is v${line} named well?`;
      const { data: c } = await ada.rest.pulls.createReviewComment({ ...o, pull_number: pull.number, commit_id: sha, path, line, body: body(question, id) });
      asks.push(
        ask(question, { kind: 'reviewComment', repo, pull: pull.number, line, side: 'RIGHT' }, { url: c.html_url, nodeId: c.node_id, databaseId: c.id }, id),
      );
    }
    // The review threads the comments opened (one query per pull request, setup only).
    const threads = await ada.graphql<{ repository: { pullRequest: { reviewThreads: { nodes: { id: string; comments: { nodes: { id: string }[] } }[] } } } }>(
      'query($n: Int!) { repository(owner: "ada", name: "bench") { pullRequest(number: $n) { reviewThreads(first: 100) { nodes { id comments(first: 1) { nodes { id } } } } } } }',
      { n: pull.number },
    );
    const threadOf = new Map(threads.repository.pullRequest.reviewThreads.nodes.map((t) => [t.comments.nodes[0]?.id, t.id]));
    byPull.push(asks.map((a) => ({ ...a, posted: { ...a.posted!, threadNodeId: threadOf.get(a.posted!.nodeId)! } })));
  }
  const issues: Ask[] = [];
  for (let i = 1; i <= ISSUES; i++) {
    const id = randomUUID();
    const question = `How would you test case ${i}?`;
    const { data } = await ada.rest.issues.create({ ...o, title: `Ask ${i}`, body: body(`@grace ${question}`, id), assignees: ['grace'] });
    issues.push(ask(question, { kind: 'issue', repo }, { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number }, id));
  }
  // Interleaved, so the changed asks spread over every pull request and many issues.
  return Array.from({ length: ASKS_PER_PULL }, (_, i) => [...byPull.map((asks) => asks[i]), issues[i]]).flat();
}

async function reply(grace: Octokit, ask: Ask): Promise<void> {
  const o = { owner: 'ada', repo: 'bench' };
  if (ask.target.kind === 'issue') {
    await grace.rest.issues.createComment({ ...o, issue_number: ask.posted!.number!, body: 'Table-driven tests, one row per edge case.' });
  } else if (ask.target.kind === 'reviewComment') {
    await grace.rest.pulls.createReplyForReviewComment({
      ...o,
      pull_number: ask.target.pull,
      comment_id: ask.posted!.databaseId,
      body: 'Clearer:\n\n```suggestion\nexport const limit = 1;\n```',
    });
  }
}

/** The sandbox's counters for ada between `before` and now. */
function spent(sandbox: Sandbox, before: UserStats, ms: number): Figures {
  const now = sandbox.accounting.userStats('ada');
  const requests = now.requests - before.requests;
  const graphqlRequests = now.graphqlQueries - before.graphqlQueries;
  const restPoints = now.restPoints - before.restPoints;
  const graphqlPoints = now.graphqlPoints - before.graphqlPoints;
  return {
    requests,
    restRequests: requests - graphqlRequests,
    graphqlRequests,
    restPoints,
    graphqlPoints,
    points: restPoints + graphqlPoints,
    notModified: now.notModified - before.notModified,
    ms: Math.round(ms),
  };
}

const snapshot = (sandbox: Sandbox): UserStats => ({ ...sandbox.accounting.userStats('ada') });

async function measuredPoll(sandbox: Sandbox, engine: SyncEngine, changed: readonly Ask[] = []): Promise<Figures> {
  await sleep(Math.max(0, engine.nextPollAt - Date.now())); // never sooner than X-Poll-Interval
  const before = snapshot(sandbox);
  const t0 = performance.now();
  const report: PollReport = await engine.pollNow();
  const figures = spent(sandbox, before, performance.now() - t0);
  const withReply = new Set(report.updates.filter((u) => u.replies.some((r) => r.author === 'grace')).map((u) => u.askId));
  return { ...figures, nodes: report.requestedNodeIds.length, repliesSeen: changed.filter((a) => withReply.has(a.id)).length };
}

/** The naive poller: each ask's REST list, every poll, no conditional requests. */
async function baselinePoll(sandbox: Sandbox, naive: GitHubClient, asks: readonly Ask[], changed: readonly Ask[]): Promise<Figures> {
  const before = snapshot(sandbox);
  const t0 = performance.now();
  const seen = new Set<string>();
  for (const ask of asks) {
    const o = { owner: 'ada', repo: 'bench', per_page: 100 };
    if (ask.target.kind === 'issue') {
      const comments = await naive.paginate(naive.rest.issues.listComments, { ...o, issue_number: ask.posted!.number! });
      if (comments.some((c) => c.user?.login === 'grace')) seen.add(ask.id);
    } else if (ask.target.kind === 'reviewComment') {
      const comments = await naive.paginate(naive.rest.pulls.listReviewComments, { ...o, pull_number: ask.target.pull });
      if (comments.some((c) => c.in_reply_to_id === ask.posted!.databaseId && c.user.login === 'grace')) seen.add(ask.id);
    }
  }
  return { ...spent(sandbox, before, performance.now() - t0), repliesSeen: changed.filter((a) => seen.has(a.id)).length };
}

function table(rows: [string, Figures][]): string {
  const head = ['poll', 'requests', 'REST req', 'GraphQL req', '304s', 'REST pts', 'GraphQL pts', 'points', 'nodes', 'replies seen', 'ms'];
  const body = rows.map(([name, f]) =>
    [
      name,
      f.requests,
      f.restRequests,
      f.graphqlRequests,
      f.notModified,
      f.restPoints,
      f.graphqlPoints,
      f.points,
      f.nodes ?? '-',
      f.repliesSeen ?? '-',
      f.ms,
    ].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function runSyncBench(): Promise<boolean> {
  const sandbox = await createSandbox({ pollInterval: 1 });
  try {
    await seedDefault(sandbox);
    const users = sandbox.users();
    const plain = (token: string) => new Octokit({ auth: token, baseUrl: sandbox.url, throttle: { enabled: false }, retry: { enabled: false } });
    const asks = await setup(sandbox, plain(users.ada));
    const grace = plain(users.grace);
    const engine = new SyncEngine({
      client: createGitHubClient({ apiUrl: sandbox.url, token: users.ada, userAgent: 'mutual-mentor-bench' }),
      tracked: () => asks,
      host: new URL(sandbox.url).host,
      onReplies: () => undefined,
      onReceivedAsk: () => undefined,
      onState: () => undefined,
      onWarning: (w) => console.error(`warning: ${w}`),
    });
    const full = await measuredPoll(sandbox, engine);
    await nextSecond();
    const idle = await measuredPoll(sandbox, engine);
    const changed: Record<string, Figures> = {};
    const allChanged: Ask[] = [];
    let next = 0;
    for (const k of KS) {
      await nextSecond();
      const batch = asks.slice(next, (next += k));
      for (const ask of batch) await reply(grace, ask);
      allChanged.push(...batch);
      changed[k] = await measuredPoll(sandbox, engine, batch);
    }
    const baseline = await baselinePoll(
      sandbox,
      createGitHubClient({ apiUrl: sandbox.url, token: users.ada, userAgent: 'mutual-mentor-bench-naive' }),
      asks,
      allChanged,
    );

    const worst = Math.max(...KS.map((k) => changed[k].points));
    const ratio = baseline.points / Math.max(1, worst);
    const ours = idle.points + KS.reduce((n, k) => n + changed[k].points, 0);
    const sequenceRatio = (baseline.points * (KS.length + 1)) / Math.max(1, ours);
    const targets = {
      idleZeroPoints: idle.points === 0,
      changedAtMost2Requests: KS.every((k) => changed[k].requests <= 2),
      changedAtMost3Points: KS.every((k) => changed[k].points <= 3),
      ratioAtLeast100: ratio >= 100,
      everyReplySeen: KS.every((k) => changed[k].repliesSeen === k),
    };
    const met = Object.values(targets).every(Boolean);
    console.log(
      `Sync of ${asks.length} open asks (${PULLS} pull requests × ${ASKS_PER_PULL} review threads, ${ISSUES} issues) on the GitHub sandbox; ada's requests and rate-limit points from /_sandbox/stats.`,
    );
    console.log(
      table([['first (full sync)', full], ['idle', idle], ...KS.map((k): [string, Figures] => [`K = ${k} changed`, changed[k]]), ['naive baseline', baseline]]),
    );
    console.log(
      `Baseline vs the costliest changed poll: ${ratio.toFixed(1)}× fewer points; over the idle + K polls: ${sequenceRatio.toFixed(1)}× (the baseline pays ${baseline.points} points every poll).`,
    );
    console.log(
      `Targets: ${Object.entries(targets)
        .map(([name, ok]) => `${name} ${ok ? 'met' : 'MISSED'}`)
        .join(', ')}.`,
    );
    console.log(
      JSON.stringify({
        bench: 'sync',
        asks: asks.length,
        full,
        idle,
        changed,
        baseline,
        ratio: Math.round(ratio * 10) / 10,
        sequenceRatio: Math.round(sequenceRatio * 10) / 10,
        targets: { ...targets, met },
      }),
    );
    return met;
  } finally {
    await sandbox.close();
  }
}
