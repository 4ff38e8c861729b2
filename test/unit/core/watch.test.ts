// Watching (src/core/sync/watcher.ts, watchSchedule.ts): the schedule on an injected clock, and the
// conditional checks against the real sandbox (304s free, a reply turns the next check into a 200
// and lands in the store through the batched query).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError, type Octokit } from 'octokit';
import { reviewThreadOf } from '../../../src/core/asks/find';
import { createGitHubClient, type GitHubClient } from '../../../src/core/github/client';
import { appendMarker } from '../../../src/core/marker';
import type { Ask, Reply, RepoRef } from '../../../src/core/model';
import { SyncEngine } from '../../../src/core/sync/poller';
import { TestClock as Clock } from '../../support/testClock';
import { Watcher } from '../../../src/core/sync/watcher';
import { WATCH_TIMES, WatchSchedule } from '../../../src/core/sync/watchSchedule';
import { startHarness, type Harness } from '../sandbox/harness';

const repo: RepoRef = { host: '127.0.0.1', owner: 'ada', name: 'watch' };

describe('core/sync watching: the schedule', () => {
  it('checks every 5 s for two minutes, then every 15 s, and stops after a quarter of an hour', () => {
    const s = new WatchSchedule();
    const t0 = 1_000_000;
    s.watch('a', t0, 'sent');
    const checks: number[] = [];
    for (let t = t0; t <= t0 + 20 * 60_000; t += 1000) if (s.takeDue(t).includes('a')) checks.push((t - t0) / 1000);
    assert.deepEqual(checks.slice(0, 3), [5, 10, 15]);
    assert.equal(checks.filter((c) => c <= 120).length, 24, 'every 5 s up to 2 min');
    assert.deepEqual(checks.slice(23, 27), [120, 135, 150, 165]);
    assert.equal(checks.at(-1), 900, 'the last check at 15 min');
    assert.equal(checks.length, 24 + 52);
    assert.equal(s.isWatched('a'), false);
    assert.equal(s.nextDueAt(), undefined);
  });

  it('starts the window over when the ask is watched again (re-opened)', () => {
    const s = new WatchSchedule();
    s.watch('a', 0, 'panel');
    for (let t = 0; t <= WATCH_TIMES.stopAfterMs; t += 5000) s.takeDue(t);
    assert.equal(s.isWatched('a'), false, 'over after 15 min');
    s.watch('a', 2_000_000, 'panel');
    assert.equal(s.nextDueAt(), 2_005_000, 'back to 5 s');
    assert.deepEqual(s.takeDue(2_005_000), ['a']);
  });
});

describe('core/sync watching: the watcher on an injected clock', () => {
  const reply = (askId: string, author: string, at: string): Reply => ({
    nodeId: `R_${randomUUID()}`,
    askId,
    author,
    kind: 'issueComment',
    body: 'b',
    bodyHTML: 'b',
    createdAt: at,
    url: 'u',
    suggestions: [],
  });

  function setup() {
    const ask: Ask = {
      id: 'ask-1',
      direction: 'sent',
      partner: 'grace',
      question: 'q',
      target: { kind: 'issue', repo },
      createdAt: '2026-01-05T09:59:00Z',
      posted: { url: 'https://x/issues/7', nodeId: 'I_7', databaseId: 7, number: 7 },
    };
    const replies: Reply[] = [];
    const requests: { url: string; ifNoneMatch?: string }[] = [];
    let answer: () => { data: unknown; etag: string } | 'not modified' = () => 'not modified';
    const client = {
      request: (options: { url: string; headers: Record<string, string> }) => {
        requests.push({ url: options.url, ...(options.headers['if-none-match'] ? { ifNoneMatch: options.headers['if-none-match'] } : {}) });
        const a = answer();
        if (a === 'not modified') {
          return Promise.reject(
            new RequestError('Not modified', 304, {
              request: { method: 'GET', url: options.url, headers: {} },
              response: { status: 304, url: options.url, headers: {}, data: '' },
            }),
          );
        }
        return Promise.resolve({ status: 200, url: options.url, headers: { etag: a.etag, date: new Date(clock.now).toUTCString() }, data: a.data });
      },
    } as unknown as GitHubClient;
    const fetched: string[][] = [];
    const clock: Clock = new Clock(() => watcher.idle());
    const watcher: Watcher = new Watcher({
      client,
      ask: (id) => (id === ask.id ? ask : undefined),
      repliesOf: () => replies,
      now: () => clock.now,
      timers: clock,
      onAnswer: (ids) => {
        fetched.push([...ids]);
        replies.push(reply(ask.id, 'grace', new Date(clock.now).toISOString())); // what the batched fetch brings
        return Promise.resolve();
      },
    });
    return { ask, replies, requests, fetched, clock, watcher, setAnswer: (f: typeof answer) => (answer = f) };
  }

  it('checks conditionally at 5 s, then 15 s, and stops after 15 min', async () => {
    const { requests, clock, watcher, setAnswer } = setup();
    setAnswer(() => ({ data: [], etag: 'W/"e1"' }));
    assert.deepEqual(watcher.watch(['ask-1'], 'sent'), ['ask-1']);
    await clock.advance(4_999);
    assert.equal(requests.length, 0, 'nothing before 5 s');
    await clock.advance(1);
    assert.equal(requests.length, 1);
    assert.match(requests[0].url, /^\/repos\/ada\/watch\/issues\/7\/comments\?since=2026-01-05T09:00:00Z&per_page=100$/);
    assert.equal(requests[0].ifNoneMatch, undefined, 'the first check has no ETag yet');
    setAnswer(() => 'not modified');
    await clock.advance(115_000);
    assert.equal(requests.length, 24, 'every 5 s for two minutes');
    assert.ok(
      requests.slice(1).every((r) => r.ifNoneMatch === 'W/"e1"'),
      'later checks are conditional',
    );
    await clock.advance(15_000);
    assert.equal(requests.length, 25, 'then every 15 s');
    await clock.advance(14_999);
    assert.equal(requests.length, 25);
    await clock.advance(1);
    assert.equal(requests.length, 26);
    await clock.advance(20 * 60_000);
    assert.equal(requests.length, 24 + 52, 'no check after 15 min');
    assert.equal(watcher.isWatched('ask-1'), false);
  });

  it('stops when answered, and watches again when the thread is re-opened and awaited', async () => {
    const { ask, replies, requests, fetched, clock, watcher, setAnswer } = setup();
    setAnswer(() => ({ data: [], etag: 'W/"e1"' }));
    watcher.watch(['ask-1'], 'panel');
    await clock.advance(5_000);
    setAnswer(() => 'not modified');
    await clock.advance(10_000);
    assert.equal(requests.length, 3);
    // The partner answers: the list changes (200) and holds their comment.
    setAnswer(() => ({ data: [{ node_id: 'IC_new', user: { login: 'grace' } }], etag: 'W/"e2"' }));
    await clock.advance(5_000);
    assert.deepEqual(fetched, [['ask-1']], 'the ask is fetched');
    assert.equal(watcher.isWatched('ask-1'), false, 'answered: no longer watched');
    await clock.advance(60_000);
    assert.equal(requests.length, 4, 'no check after the answer');
    // Re-opened while answered: nothing to wait for.
    assert.deepEqual(watcher.watch(['ask-1'], 'panel'), []);
    // You answer back: awaited again, and re-opening watches it, its ETag kept (a free 304).
    replies.push({ ...replies[0], nodeId: 'IC_mine', author: 'ada', createdAt: new Date(clock.now + 1000).toISOString() });
    await clock.advance(2_000);
    setAnswer(() => 'not modified');
    assert.deepEqual(watcher.watch([ask.id], 'panel'), ['ask-1']);
    await clock.advance(5_000);
    assert.equal(requests.length, 5);
    assert.equal(requests[4].ifNoneMatch, 'W/"e2"');
  });

  it('reads a changed list for every watched ask on it, not only the ones due (the ETag is shared)', async () => {
    const thread = (id: string, databaseId: number): Ask => ({
      id,
      direction: 'sent',
      partner: 'grace',
      question: 'q',
      target: { kind: 'reviewComment', repo, pull: 3, line: 1, side: 'RIGHT' },
      createdAt: '2026-01-05T09:59:00Z',
      posted: { url: `u${databaseId}`, nodeId: `C_${databaseId}`, databaseId },
    });
    const asks = new Map<string, Ask>([
      ['a', thread('a', 10)],
      ['b', thread('b', 11)],
    ]);
    let list: unknown[] = [];
    let etag = 'W/"1"';
    const requests: string[] = [];
    const fetched: string[] = [];
    const client = {
      request: (options: { url: string; headers: Record<string, string> }) => {
        requests.push(options.url);
        if (options.headers['if-none-match'] === etag) {
          return Promise.reject(
            new RequestError('Not modified', 304, {
              request: { method: 'GET', url: options.url, headers: {} },
              response: { status: 304, url: options.url, headers: {}, data: '' },
            }),
          );
        }
        return Promise.resolve({ status: 200, url: options.url, headers: { etag }, data: list });
      },
    } as unknown as GitHubClient;
    const clock: Clock = new Clock(() => watcher.idle());
    const watcher: Watcher = new Watcher({
      client,
      ask: (id) => asks.get(id),
      repliesOf: () => [],
      now: () => clock.now,
      timers: clock,
      onAnswer: (ids) => {
        fetched.push(...ids);
        return Promise.resolve();
      },
    });
    watcher.watch(['a'], 'sent');
    await clock.advance(2_000);
    watcher.watch(['b'], 'sent');
    await clock.advance(5_000); // a's first check primes the ETag at 5 s; b's at 7 s is a 304
    assert.equal(requests.length, 2);
    assert.equal(new Set(requests).size, 1, 'both asks watch the same list');
    // The partner answers b; a's check at 10 s sees the change first.
    list = [{ node_id: 'C_20', in_reply_to_id: 11, user: { login: 'grace' } }];
    etag = 'W/"2"';
    await clock.advance(3_000);
    assert.deepEqual(fetched, ['b'], "b's answer is fetched although only a's check was due");
    // c's answer is already on the list when c is watched (re-opened): its checks are 304s, still read.
    asks.set('c', thread('c', 12));
    list = [...list, { node_id: 'C_21', in_reply_to_id: 12, user: { login: 'grace' } }];
    etag = 'W/"3"';
    await clock.advance(5_000); // a's check: a 200 with c's answer, c not watched yet
    watcher.watch(['c'], 'panel');
    await clock.advance(5_000);
    assert.deepEqual(fetched, ['b', 'c'], "c's answer is fetched from the list kept with the ETag");
  });

  it('does not fetch for a change that brings nothing new from the partner, and pauses with the window', async () => {
    const { requests, fetched, clock, watcher, setAnswer } = setup();
    setAnswer(() => ({ data: [{ node_id: 'IC_ask', user: { login: 'ada' } }], etag: 'W/"e1"' }));
    watcher.watch(['ask-1'], 'editor');
    await clock.advance(5_000);
    assert.deepEqual(fetched, [], 'only your own comment');
    watcher.pause();
    await clock.advance(60_000);
    assert.equal(requests.length, 1, 'no checks while paused');
    watcher.resume();
    await clock.advance(0);
    assert.equal(requests.length, 2, 'a due check runs on resume');
  });
});

describe('core/sync watching against the sandbox', function () {
  this.timeout(30_000);
  let h: Harness;
  let engineClient: GitHubClient;
  let ada: Octokit;
  let grace: Octokit;
  const o = { owner: 'ada', repo: 'watch' };

  const marked = (question: string, id: string) => appendMarker(question, { v: 1, kind: 'ask', id, topic: 'testing' });
  const ask = (id: string, target: Ask['target'], posted: Ask['posted']): Ask => ({
    id,
    direction: 'sent',
    partner: 'grace',
    question: 'Why?',
    target,
    createdAt: new Date().toISOString(),
    ...(posted ? { posted } : {}),
  });

  before(async () => {
    h = await startHarness({ pollInterval: 60 });
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'watch', files: { 'README.md': 'watch\n' }, collaborators: ['grace'] })).status,
      201,
    );
    engineClient = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
    ada = h.client('ada');
    grace = h.client('grace');
  });
  after(() => h.close());

  function engine(tracked: Ask[]) {
    const store = new Map<string, readonly Reply[]>();
    const checks: { path: string; status: number }[] = [];
    const clock: Clock = new Clock(() => e.idle());
    const e: SyncEngine = new SyncEngine({
      client: engineClient,
      tracked: () => tracked,
      host: '127.0.0.1',
      now: () => clock.now,
      timers: clock,
      repliesOf: (id) => store.get(id) ?? [],
      onReplies: (updates) => {
        for (const u of updates) store.set(u.askId, u.replies);
      },
      onReceivedAsk: () => undefined,
      onState: () => undefined,
      onWatchCheck: (c) => checks.push(c),
    });
    return { e, clock, store, checks };
  }
  const points = () => {
    const s = h.sandbox.accounting.userStats('ada');
    return { rest: s.restPoints, graphql: s.graphqlPoints, notModified: s.notModified };
  };

  for (const kind of ['reviewComment', 'issue', 'pullRequest'] as const) {
    it(`${kind} ask: an unchanged check is a 304 costing 0 points; a reply makes the next a 200 and is then in the store`, async () => {
      const id = randomUUID();
      let a: Ask;
      let answer: () => Promise<unknown>;
      if (kind === 'issue') {
        const { data } = await ada.rest.issues.create({ ...o, title: 'Watch me', body: marked('@grace Why?', id) });
        a = ask(id, { kind: 'issue', repo }, { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number });
        answer = () => grace.rest.issues.createComment({ ...o, issue_number: data.number, body: 'Because.' });
      } else {
        const branch = `w-${randomUUID().slice(0, 8)}`;
        const res = await h.admin('POST', '/_sandbox/repos/ada/watch/commits', {
          branch,
          files: { [`src/${branch}.ts`]: 'a\nb\nc\n' },
          author: 'ada',
          message: branch,
        });
        const { sha } = (await res.json()) as { sha: string };
        const { data: pull } = await ada.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch });
        if (kind === 'reviewComment') {
          const { data: c } = await ada.rest.pulls.createReviewComment({
            ...o,
            pull_number: pull.number,
            commit_id: sha,
            path: `src/${branch}.ts`,
            line: 2,
            body: marked('Why?', id),
          });
          const thread = await reviewThreadOf(ada, repo, pull.number, c.node_id);
          a = ask(
            id,
            { kind: 'reviewComment', repo, pull: pull.number, line: 2, side: 'RIGHT' },
            { url: c.html_url, nodeId: c.node_id, databaseId: c.id, ...(thread ? { threadNodeId: thread } : {}) },
          );
          answer = () => grace.rest.pulls.createReplyForReviewComment({ ...o, pull_number: pull.number, comment_id: c.id, body: 'Because.' });
        } else {
          const { data: c } = await ada.rest.issues.createComment({ ...o, issue_number: pull.number, body: marked('@grace Is the approach right?', id) });
          a = ask(id, { kind: 'pullRequest', repo, pull: pull.number }, { url: c.html_url, nodeId: c.node_id, databaseId: c.id, number: pull.number });
          answer = () => grace.rest.pulls.createReview({ ...o, pull_number: pull.number, event: 'COMMENT', body: 'Yes, with one change.' });
        }
      }
      const { e, clock, store, checks } = engine([a]);
      e.start();
      await clock.advance(0); // the first poll: notifications and the ask's thread (no reply yet)
      assert.equal(store.get(id)?.length ?? 0, 0);
      assert.deepEqual(e.watch([id], 'sent'), [id]);
      await clock.advance(5_000); // first check: a 200 that primes the ETag
      const lists = kind === 'pullRequest' ? 2 : 1;
      assert.equal(checks.length, lists);
      const before = points();
      await clock.advance(5_000);
      const after = points();
      assert.deepEqual(
        checks.slice(lists).map((c) => c.status),
        Array(lists).fill(304),
        'unchanged: 304',
      );
      assert.equal(after.rest - before.rest, 0, 'a 304 costs no point');
      assert.equal(after.graphql - before.graphql, 0);
      assert.equal(after.notModified - before.notModified, lists);
      await answer();
      await clock.advance(5_000);
      assert.ok(
        checks.slice(2 * lists).some((c) => c.status === 200),
        'the reply makes the next check a 200',
      );
      assert.deepEqual(
        store.get(id)?.map((r) => r.author),
        ['grace'],
        'the reply is in the store',
      );
      assert.equal(e.isWatched(id), false, 'answered: no longer watched');
      // The notifications poll then lists the thread; the reply is not fetched a second time.
      const fetchedOnce = points().graphql;
      await sleep(1050 - (Date.now() % 1000));
      await clock.advance(60_000);
      assert.equal(points().graphql, fetchedOnce, 'no second GraphQL fetch for the same reply');
      e.stop();
    });
  }
});
