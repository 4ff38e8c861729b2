import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Octokit } from 'octokit';
import { reviewThreadOf } from '../../../src/core/asks/find';
import { createGitHubClient, type GitHubClient } from '../../../src/core/github/client';
import { appendMarker } from '../../../src/core/marker';
import type { Ask, RepoRef } from '../../../src/core/model';
import { isAsk } from '../../../src/core/store/guards';
import { LocalStore } from '../../../src/core/store/store';
import { SyncEngine } from '../../../src/core/sync/poller';
import { withThreadState, type AskUpdate } from '../../../src/core/sync/replies';
import {
  loadSyncSnapshot,
  parseSyncSnapshot,
  saveSyncSnapshot,
  SNAPSHOT_LIMITS,
  syncSnapshotKey,
  type CursorStore,
  type SyncSnapshot,
} from '../../../src/core/sync/snapshot';
import { startHarness, type Harness } from '../sandbox/harness';

/** HTTP dates have whole seconds: activity after a poll must fall in a later second to end its 304s. */
const nextSecond = () => sleep(1050 - (Date.now() % 1000));
const noTimers = { setTimeout: () => undefined, clearTimeout: () => undefined };

class MemoryCursors implements CursorStore {
  readonly values = new Map<string, string>();
  cursor(name: string) {
    return this.values.get(name);
  }
  setCursor(name: string, value: string | undefined) {
    if (value === undefined) this.values.delete(name);
    else this.values.set(name, value);
  }
}

const ada = { host: '127.0.0.1', login: 'ada' };
const empty: SyncSnapshot = { v: 1, threadSeen: [], synced: [], subjectIds: [], pullOf: [], threadOf: [], emitted: [] };

describe('core/sync snapshot: parsing, keys, loading', () => {
  it('round-trips through JSON and the store’s cursors, also across a reopen of the store', async () => {
    const snapshot: SyncSnapshot = {
      ...empty,
      lastModified: 'Tue, 01 Jul 2025 10:00:00 GMT',
      nextPollAt: 1,
      pollIntervalMs: 60_000,
      threadSeen: [['1', '2025-07-01T10:00:00Z']],
      synced: ['a1'],
      subjectIds: [['ada/x#1', 'I_1']],
      pullOf: [['a2', { id: 'PR_1', anchorAt: '2025-07-01T09:00:00Z' }]],
      threadOf: [['a3', 'PRRT_1']],
      emitted: ['r1'],
    };
    const dir = await mkdtemp(join(tmpdir(), 'mm-snap-'));
    try {
      const store = await LocalStore.open(dir, { saveDelayMs: 10_000 });
      saveSyncSnapshot(store, ada, snapshot);
      await store.flush();
      const warnings: string[] = [];
      assert.deepEqual(
        loadSyncSnapshot(await LocalStore.open(dir), ada, (w) => warnings.push(w)),
        snapshot,
      );
      assert.deepEqual(warnings, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ignores a damaged, unknown-version or malformed snapshot with a warning (a full sync follows)', () => {
    const bad = [
      '{"v":1,',
      'null',
      JSON.stringify({ ...empty, v: 2 }),
      JSON.stringify({ ...empty, synced: 'a1' }),
      JSON.stringify({ ...empty, threadSeen: [['1']] }),
      JSON.stringify({ ...empty, pullOf: [['a', { anchorAt: 'x' }]] }),
      JSON.stringify({ ...empty, nextPollAt: -1 }),
    ];
    for (const value of bad) {
      const warnings: string[] = [];
      assert.equal(
        parseSyncSnapshot(value, (w) => warnings.push(w)),
        undefined,
        value,
      );
      assert.equal(warnings.length, 1, value);
      assert.match(warnings[0], /every ask is fetched again/);
    }
    const warnings: string[] = [];
    parseSyncSnapshot(JSON.stringify({ ...empty, v: 2 }), (w) => warnings.push(w));
    assert.match(warnings[0], /version 2, not 1/);
  });

  it('keys the snapshot by host and login, so another account (or host) never uses it', () => {
    const store = new MemoryCursors();
    saveSyncSnapshot(store, ada, { ...empty, synced: ['a1'] });
    const none = (w: string) => assert.fail(w);
    assert.equal(loadSyncSnapshot(store, { host: '127.0.0.1', login: 'grace' }, none), undefined);
    assert.equal(loadSyncSnapshot(store, { host: 'github.com', login: 'ada' }, none), undefined);
    assert.deepEqual(loadSyncSnapshot(store, { host: '127.0.0.1', login: 'Ada' }, none)?.synced, ['a1'], 'logins are case-insensitive');
    assert.equal(syncSnapshotKey(ada), 'sync:127.0.0.1/ada');
    assert.notEqual(syncSnapshotKey({ host: 'ghe.example.com', login: 'ada' }), syncSnapshotKey({ host: 'github.com', login: 'ada' }));
  });

  it('discards the snapshot when the store lost cached data (needsResync)', () => {
    const store = new MemoryCursors();
    saveSyncSnapshot(store, ada, { ...empty, synced: ['a1'] });
    const warnings: string[] = [];
    assert.equal(
      loadSyncSnapshot(store, ada, (w) => warnings.push(w), { resync: true }),
      undefined,
    );
    assert.match(warnings[0] ?? '', /lost cached data/);
    assert.equal(store.cursor(syncSnapshotKey(ada)), undefined, 'and forgets it');
  });
});

describe('core/sync snapshot: thread state on the ask', () => {
  const repo: RepoRef = { host: 'github.com', owner: 'ada', name: 'x' };
  const line: Ask = {
    id: 'a1',
    direction: 'sent',
    partner: 'grace',
    question: 'q',
    createdAt: '2024-01-01T00:00:00Z',
    target: { kind: 'reviewComment', repo, pull: 1, line: 2, side: 'RIGHT' },
    posted: { url: 'u', nodeId: 'C1', databaseId: 1, threadNodeId: 'T1' },
  };
  const update = (over: Partial<AskUpdate> = {}): AskUpdate => ({
    askId: 'a1',
    replies: [],
    resolved: false,
    outdated: false,
    path: 'src/a.ts',
    line: 2,
    startLine: null,
    ...over,
  });

  it('records a review thread’s state once, and again only when it changes', () => {
    const first = withThreadState(line, update(), 't1');
    assert.deepEqual(first?.thread, { resolved: false, outdated: false, path: 'src/a.ts', line: 2, startLine: null, syncedAt: 't1' });
    assert.equal(withThreadState(first, update(), 't2'), undefined, 'same state: no write');
    const resolved = withThreadState(first, update({ resolved: true }), 't3');
    assert.deepEqual(resolved?.thread, { ...first.thread, resolved: true, syncedAt: 't3' });
    assert.ok(isAsk(resolved));
  });

  it('records nothing for issue and whole-PR asks, and only what the store accepts for a review thread', () => {
    assert.equal(withThreadState({ ...line, target: { kind: 'issue', repo } }, update(), 't'), undefined);
    assert.equal(withThreadState({ ...line, target: { kind: 'pullRequest', repo, pull: 1 } }, update(), 't'), undefined);
    const odd = withThreadState(line, update({ path: '', line: 0, startLine: -1, outdated: true }), 't');
    assert.deepEqual(odd?.thread, { resolved: false, outdated: true, line: null, startLine: null, syncedAt: 't' });
    assert.ok(isAsk(odd));
  });
});

describe('core/sync snapshot: a restart against the sandbox', function () {
  this.timeout(30_000);
  let h: Harness;
  let engineClient: GitHubClient;
  let adaOctokit: Octokit;
  let grace: Octokit;
  const repo: RepoRef = { host: '127.0.0.1', owner: 'ada', name: 'snap' };
  const o = { owner: 'ada', repo: 'snap' };
  const marked = (question: string, id: string) => appendMarker(question, { v: 1, kind: 'ask', id, topic: 'testing' });
  const ask = (id: string, question: string, target: Ask['target'], posted: Ask['posted']): Ask => ({
    id,
    direction: 'sent',
    partner: 'grace',
    question,
    target,
    createdAt: new Date().toISOString(),
    ...(posted ? { posted } : {}),
  });
  const stats = () => ({ ...h.sandbox.accounting.userStats('ada') });
  let asks: Ask[];
  let pull: number;

  /** An engine on a clock of its own, with what it reported; `poll` moves the clock past the poll interval. */
  function engine(tracked: () => readonly Ask[], initial?: SyncSnapshot) {
    let now = Date.now();
    const snapshots: SyncSnapshot[] = [];
    const warnings: string[] = [];
    const e = new SyncEngine({
      client: engineClient,
      tracked,
      host: '127.0.0.1',
      now: () => now,
      timers: noTimers,
      onReplies: () => undefined,
      onReceivedAsk: () => undefined,
      onState: () => undefined,
      onWarning: (w) => warnings.push(w),
      onSnapshot: (s) => snapshots.push(s),
      ...(initial ? { initial } : {}),
    });
    return {
      e,
      snapshots,
      warnings,
      poll: () => {
        now += 61_000;
        return e.pollNow();
      },
      /** The latest snapshot as the store would give it back. */
      saved: () => parseSyncSnapshot(JSON.stringify(snapshots.at(-1)), (w) => assert.fail(w))!,
    };
  }

  before(async () => {
    h = await startHarness();
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'snap', files: { 'README.md': 'snap\n' }, collaborators: ['grace'] })).status,
      201,
    );
    engineClient = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
    adaOctokit = h.client('ada');
    grace = h.client('grace');
    const branch = 'topic';
    const res = await h.admin('POST', '/_sandbox/repos/ada/snap/commits', {
      branch,
      files: { 'src/a.ts': 'one\ntwo\nthree\n' },
      author: 'ada',
      message: branch,
    });
    const { sha } = (await res.json()) as { sha: string };
    ({
      data: { number: pull },
    } = await adaOctokit.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch }));
    await grace.rest.issues.createComment({ ...o, issue_number: pull, body: 'Looking at it.' }); // ada has a notification: a Last-Modified
    const [lineId, wholeId] = [randomUUID(), randomUUID()];
    const { data: c } = await adaOctokit.rest.pulls.createReviewComment({
      ...o,
      pull_number: pull,
      commit_id: sha,
      path: 'src/a.ts',
      line: 2,
      body: marked('Why two?', lineId),
    });
    const thread = await reviewThreadOf(adaOctokit, repo, pull, c.node_id);
    const { data: w } = await adaOctokit.rest.issues.createComment({ ...o, issue_number: pull, body: marked('@grace Is the approach right?', wholeId) });
    asks = [
      ask(
        lineId,
        'Why two?',
        { kind: 'reviewComment', repo, pull, line: 2, side: 'RIGHT' },
        { url: c.html_url, nodeId: c.node_id, databaseId: c.id, threadNodeId: thread! },
      ),
      ask(wholeId, 'Is the approach right?', { kind: 'pullRequest', repo, pull }, { url: w.html_url, nodeId: w.node_id, databaseId: w.id, number: pull }),
    ];
    for (const title of ['one', 'two']) {
      const id = randomUUID();
      const { data } = await adaOctokit.rest.issues.create({ ...o, title, body: marked(`@grace ${title}?`, id) });
      asks.push(ask(id, title, { kind: 'issue', repo }, { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number }));
    }
  });
  after(() => h.close());

  it('after a restart with nothing changed the first poll is a free 304; then it fetches just what changed', async () => {
    const a = engine(() => asks);
    const full = await a.poll();
    assert.equal(full.requestedNodeIds.length, 5, 'the full sync: 4 asks, and the whole-PR ask’s pull request');
    assert.equal(a.snapshots.length, 1, 'a snapshot after the poll');
    const saved = a.saved();
    assert.deepEqual([...saved.synced].sort(), asks.map((x) => x.id).sort());
    assert.ok(saved.lastModified, 'with the notifications cursor');
    assert.equal(saved.pullOf.length, 1, 'and the whole-PR ask’s pull request');

    const b = engine(() => asks, saved);
    const before = stats();
    const idle = await b.poll();
    const after = stats();
    assert.equal(idle.notifications, 'notModified');
    assert.equal(idle.graphqlRequests, 0);
    assert.equal(idle.graphqlCost, 0);
    assert.deepEqual(idle.requestedNodeIds, []);
    assert.equal(after.requests - before.requests, 1, 'only GET /notifications');
    assert.equal(after.notModified - before.notModified, 1);
    assert.equal(after.graphqlQueries - before.graphqlQueries, 0);
    assert.equal(after.restPoints + after.graphqlPoints - before.restPoints - before.graphqlPoints, 0, 'a 304 costs nothing');

    await nextSecond();
    const two = asks[3];
    await grace.rest.issues.createComment({ ...o, issue_number: two.posted!.number!, body: 'On two' });
    const changed = await b.poll();
    assert.equal(changed.notifications, 'changed');
    assert.deepEqual(changed.requestedNodeIds, [two.posted!.nodeId], 'exactly the ask that changed');
    assert.equal(changed.graphqlRequests, 1);
    assert.deepEqual(
      changed.updates.map((u) => [u.askId, u.replies.map((r) => r.body)]),
      [[two.id, ['On two']]],
    );

    // A second restart: the pull request's node id is remembered, so the whole-PR ask costs no second query.
    const c = engine(() => asks, b.saved());
    await nextSecond();
    await grace.rest.pulls.createReview({ ...o, pull_number: pull, event: 'COMMENT', body: 'The approach is fine.' });
    const review = await c.poll();
    const pullId = saved.pullOf[0][1].id;
    assert.deepEqual([...review.requestedNodeIds].sort(), [asks[0].posted!.threadNodeId!, pullId].sort(), 'the pull request’s two asks');
    assert.equal(review.graphqlRequests, 1);
    assert.deepEqual(
      review.updates.find((u) => u.askId === asks[1].id)?.replies.map((r) => r.body),
      ['The approach is fine.'],
    );
  });

  it('a restart within the poll interval makes no request at all', async () => {
    const a = engine(() => asks);
    await a.poll();
    const b = new SyncEngine({
      client: engineClient,
      tracked: () => asks,
      host: '127.0.0.1',
      now: () => a.saved().nextPollAt! - 30_000,
      timers: noTimers,
      initial: a.saved(),
      onReplies: () => undefined,
      onReceivedAsk: () => undefined,
      onState: () => undefined,
    });
    const before = stats();
    const report = await b.pollNow();
    assert.equal(report.notifications, 'skipped');
    assert.equal(stats().requests - before.requests, 0);
  });

  it('without a usable snapshot (none, damaged, or needsResync) the first poll fetches every ask', async () => {
    const store = new MemoryCursors();
    store.setCursor(syncSnapshotKey(ada), '{"v":1,"synced":');
    const warnings: string[] = [];
    const initial = loadSyncSnapshot(store, ada, (w) => warnings.push(w));
    assert.equal(initial, undefined);
    assert.equal(warnings.length, 1);
    const s = engine(() => asks, initial);
    assert.equal((await s.poll()).requestedNodeIds.length, 5);
  });

  it('keeps the snapshot bounded: asks no longer tracked are forgotten, long lists keep their newest', async () => {
    const a = engine(() => asks);
    await a.poll();
    const saved = a.saved();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const bloated: SyncSnapshot = {
      ...saved,
      threadSeen: [...saved.threadSeen, ...Array.from({ length: 700 }, (_, i): [string, string] => [`x${i}`, future]), ['old', '2000-01-01T00:00:00Z']],
      subjectIds: [...saved.subjectIds, ...Array.from({ length: 700 }, (_, i): [string, string] => [`o/r#${i}`, `I_${i}`])],
      emitted: Array.from({ length: 1500 }, (_, i) => `e${i}`),
      synced: [...saved.synced, 'gone'],
      threadOf: [...saved.threadOf, ['gone', 'PRRT_gone']],
      pullOf: [...saved.pullOf, ['gone', { id: 'PR_gone' }]],
    };
    const few = asks.slice(1);
    const b = engine(() => few, bloated);
    await b.poll();
    const s = b.saved();
    assert.deepEqual([...s.synced].sort(), few.map((x) => x.id).sort(), 'the untracked line ask and "gone" are dropped');
    assert.deepEqual(s.threadOf, []);
    assert.deepEqual(
      s.pullOf.map(([id]) => id),
      [asks[1].id],
    );
    assert.equal(s.threadSeen.length, SNAPSHOT_LIMITS.threadSeen);
    const seen = new Set(s.threadSeen.map(([id]) => id));
    assert.ok(seen.has('x699') && !seen.has('x0'), 'the newest are kept');
    assert.ok(!seen.has('old'), 'a thread last updated before the cursor is never listed again: dropped');
    assert.equal(s.subjectIds.length, SNAPSHOT_LIMITS.subjectIds);
    assert.equal(s.emitted.length, SNAPSHOT_LIMITS.emitted);
    assert.equal(s.emitted.at(-1), 'e1499');
    assert.ok(JSON.stringify(s).length < 100_000, `${JSON.stringify(s).length} characters`);
  });
});
