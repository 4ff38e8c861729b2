// `npm run bench -- latency`: how long a partner's reply takes to reach the extension's store while
// someone waits on it, with GitHub's real notifications interval (the sandbox says X-Poll-Interval:
// 60), with watching (core/sync/watcher.ts) and without it (notifications only, the baseline), and
// the rate-limit points each spends, read from the sandbox's counters. Asks are sent at seeded
// moments and the partner (grace) answers each at a seeded delay; the same moments in every scenario.
//
// TIME IS SIMULATED: the engine runs on a virtual clock (its injectable `now` and timers), so half an
// hour of polling takes seconds. Every poll and every check is still a real HTTP request to the
// sandbox, so requests, 304s and points are real. Latencies are virtual seconds from the reply's
// POST to the store having it. (HTTP dates have whole seconds, so the bench waits for the next real
// second before each reply: a reply must fall after the previous notifications poll, as it would.)
// `watching.extraPoints` is watching's points minus the baseline's (the target is 0 or less);
// `watching.waitingPoints` the points of changed checks that showed no answer (a list's first check,
// a change on the list for another thread): what waiting itself cost, counted from the checks.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Octokit } from 'octokit';
import { createGitHubClient } from '../src/core/github/client';
import { appendMarker } from '../src/core/marker';
import type { Ask, Reply, RepoRef } from '../src/core/model';
import { SyncEngine, type Timers } from '../src/core/sync/poller';
import { createSandbox, type Sandbox } from '../test/sandbox/server';
import { seedDefault } from '../test/sandbox/seed';
import { random } from './random';

const SEED = 12;
const ASKS = { reviewComment: 10, issue: 6, pullRequest: 2 } as const;
const SEND_OVER_MS = 20 * 60_000;

interface Planned {
  readonly kind: keyof typeof ASKS;
  readonly sentAt: number;
  readonly replyAt: number;
}

/** The same seeded plan for every scenario: when each ask is sent and when grace answers it. */
function plan(delay: readonly [number, number]): Planned[] {
  const rnd = random(SEED);
  const kinds = (Object.keys(ASKS) as (keyof typeof ASKS)[]).flatMap((k) => Array<keyof typeof ASKS>(ASKS[k]).fill(k));
  return kinds.map((kind) => {
    const sentAt = Math.round(rnd() * SEND_OVER_MS);
    return { kind, sentAt, replyAt: sentAt + Math.round(delay[0] + rnd() * (delay[1] - delay[0])) };
  });
}

/** The engine's timers and the scenario's events on one virtual clock; each step waits for the work it started. */
class VirtualClock implements Timers {
  now = Date.UTC(2026, 0, 5, 10, 0, 0);
  readonly start = this.now;
  private queue: { at: number; fn: () => unknown; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    return this.at(this.now + Math.max(0, ms), fn);
  }
  at(at: number, fn: () => unknown): number {
    const id = this.next++;
    this.queue.push({ at, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  async runUntil(until: number, idle: () => Promise<void>, done: () => boolean): Promise<void> {
    while (!done()) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = Math.max(this.now, due.at);
      await due.fn();
      await idle();
    }
  }
}

interface Result {
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
  replies: number;
  seen: number;
  points: number;
  restPoints: number;
  graphqlPoints: number;
  requests: number;
  notModified: number;
  watchChecks: number;
  watch304s: number;
  watch200s: number;
  /** Changed (200) checks that showed an answer, and those that showed none (a list's first check, another change). */
  watch200sAnswered: number;
  watch200sUnanswered: number;
  virtualMinutes: number;
  realSeconds: number;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function scenario(watching: boolean, delay: readonly [number, number]): Promise<Result> {
  const realStart = Date.now();
  const sandbox: Sandbox = await createSandbox({ pollInterval: 60 });
  try {
    await seedDefault(sandbox);
    const users = sandbox.users();
    const plain = (token: string) => new Octokit({ auth: token, baseUrl: sandbox.url, throttle: { enabled: false }, retry: { enabled: false } });
    const ada = plain(users.ada);
    const grace = plain(users.grace);
    const admin = (path: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, {
        method: 'POST',
        headers: { authorization: `token ${sandbox.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await admin('/_sandbox/repos', { owner: 'ada', name: 'wait', files: { 'README.md': '# wait\n' }, collaborators: ['grace'] });
    const repo: RepoRef = { host: new URL(sandbox.url).host, owner: 'ada', name: 'wait' };
    const o = { owner: 'ada', repo: 'wait' };
    const marked = (q: string, id: string) => appendMarker(q, { v: 1, kind: 'ask', id, topic: 'bench' });

    // The asks exist on GitHub from the start; the engine tracks each from its (virtual) send time.
    const steps = plan(delay);
    const asks: { ask: Ask; step: Planned; answer: () => Promise<unknown> }[] = [];
    const pulls: { number: number; sha: string; path: string }[] = [];
    for (let p = 1; p <= 2; p++) {
      const path = `src/p${p}.ts`;
      const { sha } = (await (
        await admin('/_sandbox/repos/ada/wait/commits', {
          branch: `p${p}`,
          files: { [path]: Array.from({ length: 20 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n' },
          author: 'ada',
          message: `p${p}`,
        })
      ).json()) as { sha: string };
      const { data } = await ada.rest.pulls.create({ ...o, head: `p${p}`, base: 'main', title: `Part ${p}` });
      pulls.push({ number: data.number, sha, path });
    }
    let line = 0;
    let wholePr = 0;
    for (const step of steps) {
      const id = randomUUID();
      const base = { id, direction: 'sent' as const, partner: 'grace', question: 'Is this right?', createdAt: new Date().toISOString() };
      if (step.kind === 'reviewComment') {
        const pull = pulls[line % 2];
        const { data: c } = await ada.rest.pulls.createReviewComment({
          ...o,
          pull_number: pull.number,
          commit_id: pull.sha,
          path: pull.path,
          line: 1 + Math.floor(line++ / 2),
          body: marked('Is this right?', id),
        });
        const ask: Ask = {
          ...base,
          target: { kind: 'reviewComment', repo, pull: pull.number, line: 1, side: 'RIGHT' },
          posted: { url: c.html_url, nodeId: c.node_id, databaseId: c.id },
        };
        asks.push({
          ask,
          step,
          answer: () => grace.rest.pulls.createReplyForReviewComment({ ...o, pull_number: pull.number, comment_id: c.id, body: 'Yes.' }),
        });
      } else if (step.kind === 'issue') {
        const { data } = await ada.rest.issues.create({ ...o, title: 'Is this right?', body: marked('@grace Is this right?', id) });
        const ask: Ask = {
          ...base,
          target: { kind: 'issue', repo },
          posted: { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number },
        };
        asks.push({ ask, step, answer: () => grace.rest.issues.createComment({ ...o, issue_number: data.number, body: 'Yes.' }) });
      } else {
        const pull = pulls[wholePr++ % 2]; // one whole-PR ask per pull request
        const { data: c } = await ada.rest.issues.createComment({ ...o, issue_number: pull.number, body: marked('@grace Is the approach right?', id) });
        const ask: Ask = {
          ...base,
          target: { kind: 'pullRequest', repo, pull: pull.number },
          posted: { url: c.html_url, nodeId: c.node_id, databaseId: c.id, number: pull.number },
        };
        asks.push({
          ask,
          step,
          answer: () => grace.rest.pulls.createReview({ ...o, pull_number: pull.number, event: 'COMMENT', body: 'Yes, the approach holds.' }),
        });
      }
    }

    const clock = new VirtualClock();
    const tracked: Ask[] = [];
    const store = new Map<string, readonly Reply[]>();
    const repliedAt = new Map<string, number>();
    const latencies = new Map<string, number>();
    const checks = { all: 0, notModified: 0, changed: 0, answered: 0 };
    const engine = new SyncEngine({
      client: createGitHubClient({ apiUrl: sandbox.url, token: users.ada, userAgent: 'mutual-mentor-bench' }),
      tracked: () => tracked,
      host: repo.host,
      me: 'ada',
      now: () => clock.now,
      timers: clock,
      ...(watching ? { repliesOf: (id: string) => store.get(id) ?? [] } : {}),
      onReplies: (updates) => {
        for (const u of updates) {
          store.set(u.askId, u.replies);
          const at = repliedAt.get(u.askId);
          if (at !== undefined && !latencies.has(u.askId) && u.replies.some((r) => r.author === 'grace')) latencies.set(u.askId, clock.now - at);
        }
      },
      onReceivedAsk: () => undefined,
      onState: () => undefined,
      onWarning: (w) => console.error(`warning: ${w}`),
      onWatchCheck: (c) => {
        checks.all++;
        if (c.status === 304) checks.notModified++;
        else {
          checks.changed++;
          if (c.answers > 0) checks.answered++;
        }
      },
    });
    for (const { ask, step, answer } of asks) {
      clock.at(clock.start + step.sentAt, () => {
        tracked.push(ask);
        engine.watch([ask.id], 'sent');
      });
      clock.at(clock.start + step.replyAt, async () => {
        await sleep(1050 - (Date.now() % 1000)); // a later second than any earlier request (HTTP dates)
        await answer();
        repliedAt.set(ask.id, clock.now);
      });
    }
    await sleep(1050 - (Date.now() % 1000));
    const before = { ...sandbox.accounting.userStats('ada') };
    engine.start();
    const lastReply = Math.max(...steps.map((s) => s.replyAt));
    await clock.runUntil(
      clock.start + lastReply + 5 * 60_000,
      () => engine.idle(),
      () => latencies.size === asks.length,
    );
    engine.stop();
    for (const { ask, step } of asks) {
      const ms = latencies.get(ask.id);
      if (ms === undefined || (watching && ms > 20_000))
        console.error(
          `note: ${watching ? 'watching' : 'baseline'} ${step.kind} ask sent at ${step.sentAt / 1000} s, answered at ${step.replyAt / 1000} s: ${ms === undefined ? 'never seen' : `seen after ${ms / 1000} s`}`,
        );
    }
    const after = sandbox.accounting.userStats('ada');
    const sorted = [...latencies.values()].map((ms) => ms / 1000).sort((a, b) => a - b);
    const restPoints = after.restPoints - before.restPoints;
    const graphqlPoints = after.graphqlPoints - before.graphqlPoints;
    return {
      p50Seconds: round1(percentile(sorted, 50)),
      p95Seconds: round1(percentile(sorted, 95)),
      maxSeconds: round1(sorted.at(-1) ?? NaN),
      replies: asks.length,
      seen: sorted.length,
      points: restPoints + graphqlPoints,
      restPoints,
      graphqlPoints,
      requests: after.requests - before.requests,
      notModified: after.notModified - before.notModified,
      watchChecks: checks.all,
      watch304s: checks.notModified,
      watch200s: checks.changed,
      watch200sAnswered: checks.answered,
      watch200sUnanswered: checks.changed - checks.answered,
      virtualMinutes: round1((clock.now - clock.start) / 60_000),
      realSeconds: round1((Date.now() - realStart) / 1000),
    };
  } finally {
    await sandbox.close();
  }
}

function table(rows: [string, Result][]): string {
  const head = ['scenario', 'p50 s', 'p95 s', 'max s', 'seen', 'requests', '304s', 'watch 304s', 'watch 200s', 'REST pts', 'GraphQL pts', 'points'];
  const body = rows.map(([name, r]) =>
    [
      name,
      r.p50Seconds,
      r.p95Seconds,
      r.maxSeconds,
      `${r.seen}/${r.replies}`,
      r.requests,
      r.notModified,
      r.watch304s,
      r.watch200s,
      r.restPoints,
      r.graphqlPoints,
      r.points,
    ].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function runLatencyBench(): Promise<boolean> {
  const waiting: [number, number] = [5_000, 120_000];
  const late: [number, number] = [120_000, 900_000];
  const watching = await scenario(true, waiting);
  const baseline = await scenario(false, waiting);
  const watchingLate = await scenario(true, late);
  const n = watching.replies;
  const extraPoints = watching.points - baseline.points;
  const speedup = baseline.p95Seconds / Math.max(0.1, watching.p95Seconds);
  const targets = {
    everyReplySeen: [watching, baseline, watchingLate].every((r) => r.seen === r.replies),
    watchingP95AtMost10s: watching.p95Seconds <= 10,
    sixTimesSooner: speedup >= 6,
    watchChecksUnchangedAreFree: true, // checked below: every watch 304 is counted by the sandbox as a free 304
    noExtraPoints: extraPoints <= 0,
  };
  targets.watchChecksUnchangedAreFree = watching.notModified >= watching.watch304s;
  const met = Object.values(targets).every(Boolean);
  console.log("SIMULATED TIME: a virtual clock drives the sync engine (GitHub's X-Poll-Interval of 60 s, watch checks every 5 s then 15 s);");
  console.log('every poll and check is a real HTTP request to the GitHub sandbox, so requests, 304s and points are real; latencies are virtual seconds.');
  console.log(
    `${n} asks (${ASKS.reviewComment} review comments, ${ASKS.issue} issues, ${ASKS.pullRequest} whole-PR) sent at seeded moments over ${SEND_OVER_MS / 60_000} min; @grace answers each after a seeded delay: ${waiting[0] / 1000}–${waiting[1] / 1000} s (someone waiting), and in the "late" rows ${late[0] / 1000}–${late[1] / 1000} s.`,
  );
  console.log(
    table([
      ['watching', watching],
      ['baseline (notifications only)', baseline],
      ['watching, late replies', watchingLate],
    ]),
  );
  console.log(
    `Watching: p95 ${watching.p95Seconds} s vs ${baseline.p95Seconds} s (${round1(speedup)}× sooner); p50 ${watching.p50Seconds} s vs ${baseline.p50Seconds} s.`,
  );
  console.log(
    `Points: ${watching.watch304s} unchanged checks cost 0. Watching spent ${extraPoints} point(s) more than the baseline for ${n} replies: ` +
      `${watching.watch200s} changed checks (1 point each: ${watching.watch200sAnswered} showed an answer, ${watching.watch200sUnanswered} showed none — a list's first check has no ETag yet, or the list changed for another thread), ` +
      `${watching.restPoints - watching.watch200s} notifications points (baseline ${baseline.restPoints}), and ${watching.graphqlPoints} GraphQL points (baseline ${baseline.graphqlPoints}): ` +
      'an answer a comment list shows is read from it (no GraphQL fetch, and the notification about it fetches nothing), and a just-sent ask being watched has no first fetch of its own.',
  );
  console.log(
    `Targets: ${Object.entries(targets)
      .map(([k, v]) => `${k} ${v ? 'met' : 'MISSED'}`)
      .join(', ')}.`,
  );
  console.log(
    JSON.stringify({
      bench: 'latency',
      simulatedTime: true,
      pollIntervalSeconds: 60,
      seed: SEED,
      asks: n,
      watching: { ...watching, extraPoints, waitingPoints: watching.watch200sUnanswered },
      baseline,
      watchingLate,
      speedupP95: round1(speedup),
      targets: { ...targets, met },
    }),
  );
  return met;
}
