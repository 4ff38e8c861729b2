// The rate-limit points watching spends (src/core/sync/watcher.ts, watchEndpoints.ts, poller.ts):
// the changed list that shows an answer is itself the reply data, so an answer costs the one REST
// point of that 200 and no GraphQL fetch, and the notification about it afterwards fetches nothing.
// The replies built from the list are the ones the batched query would have brought.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Octokit } from 'octokit';
import { createGitHubClient, type GitHubClient } from '../../../../src/core/github/client';
import { appendMarker } from '../../../../src/core/marker';
import type { Ask, Reply, RepoRef } from '../../../../src/core/model';
import { SyncEngine } from '../../../../src/core/sync/poller';
import { TestClock as Clock } from '../../../support/testClock';
import { withThreadState } from '../../../../src/core/sync/replies';
import { FULL_MEDIA_TYPE, listReplies, watchEndpoints } from '../../../../src/core/sync/watchEndpoints';
import { startHarness, type Harness } from '../../sandbox/harness';

const repo: RepoRef = { host: '127.0.0.1', owner: 'ada', name: 'points' };

describe('core/sync watching: reading the answer from the watched list', () => {
  const thread: Ask = {
    id: 'a1',
    direction: 'sent',
    partner: 'grace',
    question: 'q',
    createdAt: '2026-01-05T09:59:00Z',
    target: { kind: 'reviewComment', repo, pull: 3, line: 1, side: 'RIGHT' },
    posted: { url: 'https://x/pull/3#discussion_r10', nodeId: 'C_10', databaseId: 10 },
  };
  const item = (id: number, login: string, extra: Record<string, unknown> = {}) => ({
    id,
    node_id: `C_${id}`,
    user: { login },
    body: `b${id}`,
    body_html: `<p>b${id}</p>`,
    created_at: `2026-01-05T10:0${id % 10}:00Z`,
    html_url: `https://x/${id}`,
    ...extra,
  });

  it('keeps the partner’s and your own replies in the ask’s thread, not the ask, another thread or a third person', () => {
    const [endpoint] = watchEndpoints(thread);
    assert.equal(endpoint.accept, FULL_MEDIA_TYPE, 'body and body_html in one answer');
    const data = [
      item(10, 'ada'),
      item(11, 'grace', { in_reply_to_id: 10 }),
      item(12, 'grace', { in_reply_to_id: 99 }),
      item(13, 'eve', { in_reply_to_id: 10 }),
      item(14, 'ada', { in_reply_to_id: 10 }),
    ];
    const replies = listReplies(thread, endpoint, data, 'ada');
    assert.deepEqual(
      replies?.map((r) => [r.nodeId, r.author, r.kind, r.bodyHTML]),
      [
        ['C_11', 'grace', 'threadReply', '<p>b11</p>'],
        ['C_14', 'ada', 'threadReply', '<p>b14</p>'],
      ],
    );
    assert.deepEqual(
      listReplies(thread, endpoint, data, undefined)?.map((r) => r.nodeId),
      ['C_11'],
      'without your login: the partner only',
    );
  });

  it('reads an ask in an issue’s thread after its own comment; leaves whole-PR asks, full pages and incomplete items to the batched query', () => {
    const inIssue: Ask = {
      ...thread,
      target: { kind: 'issue', repo },
      posted: { url: 'https://x/issues/3#issuecomment-20', nodeId: 'C_20', databaseId: 20, number: 3 },
    };
    const [comments] = watchEndpoints(inIssue);
    const data = [item(19, 'grace'), item(20, 'ada'), item(21, 'grace')];
    assert.deepEqual(
      listReplies(inIssue, comments, data, 'ada')?.map((r) => r.nodeId),
      ['C_21'],
      'only what follows the ask',
    );
    assert.equal(listReplies(inIssue, comments, [item(21, 'grace')], 'ada'), undefined, 'the ask’s own comment is not on the list');
    assert.equal(
      listReplies(
        inIssue,
        comments,
        Array.from({ length: 100 }, (_, i) => item(20 + i, 'grace')),
        'ada',
      ),
      undefined,
      'a full page may go on',
    );
    const bare: Record<string, unknown> = item(21, 'grace');
    delete bare.body_html;
    assert.equal(listReplies(inIssue, comments, [item(20, 'ada'), bare], 'ada'), undefined, 'no rendered HTML');
    const whole: Ask = { ...inIssue, target: { kind: 'pullRequest', repo, pull: 3 } };
    for (const endpoint of watchEndpoints(whole)) {
      assert.equal(
        listReplies(whole, endpoint, data, 'ada'),
        undefined,
        `whole-PR ask, ${endpoint.items}: a review or an inline comment may be part of the answer`,
      );
    }
  });

  it('an update of replies only records no thread state', () => {
    const update = { askId: 'a1', replies: [], resolved: false, outdated: false, repliesOnly: true as const };
    assert.equal(withThreadState(thread, update, '2026-01-05T10:00:00Z'), undefined);
    assert.ok(withThreadState(thread, { ...update, repliesOnly: undefined }, '2026-01-05T10:00:00Z'), 'a fetched update does');
  });
});

describe('core/sync watching: points for an answer the watcher saw, then the notification', function () {
  this.timeout(40_000);
  let h: Harness;
  let engineClient: GitHubClient;
  let ada: Octokit;
  let grace: Octokit;
  const o = { owner: 'ada', repo: 'points' };
  const marked = (question: string, id: string) => appendMarker(question, { v: 1, kind: 'ask', id, topic: 'testing' });

  before(async () => {
    h = await startHarness({ pollInterval: 60 });
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'points', files: { 'README.md': 'points\n' }, collaborators: ['grace'] })).status,
      201,
    );
    engineClient = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().ada, userAgent: 'mm-test', retries: 0 });
    ada = h.client('ada');
    grace = h.client('grace');
  });
  after(() => h.close());

  const stats = () => {
    const s = h.sandbox.accounting.userStats('ada');
    return { rest: s.restPoints, graphql: s.graphqlPoints, graphqlQueries: s.graphqlQueries, requests: s.requests };
  };

  /** An ask of each kind the watcher can read from a comment list, and how grace answers it. */
  async function ask(kind: 'reviewComment' | 'issue'): Promise<{ a: Ask; answer: () => Promise<unknown> }> {
    const id = randomUUID();
    const base = { id, direction: 'sent' as const, partner: 'grace', question: 'Why?', createdAt: new Date().toISOString() };
    if (kind === 'issue') {
      const { data } = await ada.rest.issues.create({ ...o, title: 'Why?', body: marked('@grace Why?', id) });
      const a: Ask = {
        ...base,
        target: { kind: 'issue', repo },
        posted: { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number },
      };
      return { a, answer: () => grace.rest.issues.createComment({ ...o, issue_number: data.number, body: 'Because **this**:\n```suggestion\nx\n```' }) };
    }
    const branch = `p-${randomUUID().slice(0, 8)}`;
    const { sha } = (await (
      await h.admin('POST', '/_sandbox/repos/ada/points/commits', { branch, files: { [`src/${branch}.ts`]: 'a\nb\nc\n' }, author: 'ada', message: branch })
    ).json()) as { sha: string };
    const { data: pull } = await ada.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch });
    const { data: c } = await ada.rest.pulls.createReviewComment({
      ...o,
      pull_number: pull.number,
      commit_id: sha,
      path: `src/${branch}.ts`,
      line: 2,
      body: marked('Why?', id),
    });
    const a: Ask = {
      ...base,
      target: { kind: 'reviewComment', repo, pull: pull.number, line: 2, side: 'RIGHT' },
      posted: { url: c.html_url, nodeId: c.node_id, databaseId: c.id },
    };
    return { a, answer: () => grace.rest.pulls.createReplyForReviewComment({ ...o, pull_number: pull.number, comment_id: c.id, body: 'Because **this**.' }) };
  }

  function engine(tracked: Ask[]) {
    const store = new Map<string, readonly Reply[]>();
    const clock: Clock = new Clock(() => e.idle(), Date.now());
    const e: SyncEngine = new SyncEngine({
      client: engineClient,
      tracked: () => tracked,
      host: '127.0.0.1',
      me: 'ada',
      now: () => clock.now,
      timers: clock,
      repliesOf: (id) => store.get(id) ?? [],
      onReplies: (updates) => {
        for (const u of updates) store.set(u.askId, u.replies);
      },
      onReceivedAsk: () => undefined,
      onState: () => undefined,
    });
    return { e, clock, store };
  }

  it('a just-sent ask being watched costs no GraphQL at all: no first fetch of its own, its answer read from the list', async () => {
    const { a, answer } = await ask('reviewComment');
    const tracked: Ask[] = [];
    const { e, clock, store } = engine(tracked);
    e.start();
    await clock.advance(0); // the first poll, before the ask is sent
    const start = stats();
    tracked.push(a);
    e.watch([a.id], 'sent');
    await clock.advance(5_000); // the first check (a 200: no ETag yet)
    await clock.advance(60_000); // the next notifications poll: nothing about the ask yet
    assert.equal(stats().graphqlQueries - start.graphqlQueries, 0, 'no first fetch (and no thread lookup) while the watcher reads its thread');
    await sleep(1050 - (Date.now() % 1000));
    await answer();
    await clock.advance(5_000);
    assert.deepEqual(
      store.get(a.id)?.map((r) => r.author),
      ['grace'],
    );
    assert.equal(e.isWatched(a.id), false);
    await clock.advance(60_000); // the notification about the reply
    await clock.advance(60_000);
    const end = stats();
    assert.equal(end.graphqlQueries - start.graphqlQueries, 0, 'no GraphQL query from sending to answered');
    assert.equal(end.rest - start.rest, 3, 'the first check, the check that showed the answer, the changed notifications list');
    e.stop();
  });

  it('a watched new ask whose answer no list shows (an inline comment on a whole-PR ask) is fetched with the notification', async () => {
    const id = randomUUID();
    const branch = `n-${randomUUID().slice(0, 8)}`;
    const { sha } = (await (
      await h.admin('POST', '/_sandbox/repos/ada/points/commits', { branch, files: { [`src/${branch}.ts`]: 'a\nb\nc\n' }, author: 'ada', message: branch })
    ).json()) as { sha: string };
    const { data: pull } = await ada.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch });
    const { data: c } = await ada.rest.issues.createComment({ ...o, issue_number: pull.number, body: marked('@grace Is the approach right?', id) });
    const a: Ask = {
      id,
      direction: 'sent',
      partner: 'grace',
      question: 'Is the approach right?',
      createdAt: new Date().toISOString(),
      target: { kind: 'pullRequest', repo, pull: pull.number },
      posted: { url: c.html_url, nodeId: c.node_id, databaseId: c.id, number: pull.number },
    };
    const tracked: Ask[] = [];
    const { e, clock, store } = engine(tracked);
    e.start();
    await clock.advance(0);
    tracked.push(a);
    e.watch([a.id], 'sent');
    await clock.advance(5_000);
    await sleep(1050 - (Date.now() % 1000));
    await grace.rest.pulls.createReviewComment({ ...o, pull_number: pull.number, commit_id: sha, path: `src/${branch}.ts`, line: 2, body: 'Here, not there.' });
    await clock.advance(60_000); // watch checks see only an empty review; the notifications poll lists the pull request
    assert.deepEqual(
      store.get(id)?.map((r) => [r.author, r.body]),
      [['grace', 'Here, not there.']],
      'fetched at the notification, while still watched',
    );
    e.stop();
  });

  for (const kind of ['reviewComment', 'issue'] as const) {
    it(`${kind} ask: the answer costs the one point of the watch check that shows it, the notification after it nothing more`, async () => {
      const { a, answer } = await ask(kind);
      const store = new Map<string, readonly Reply[]>();
      const clock: Clock = new Clock(() => e.idle(), Date.now());
      const e: SyncEngine = new SyncEngine({
        client: engineClient,
        tracked: () => [a],
        host: '127.0.0.1',
        me: 'ada',
        now: () => clock.now,
        timers: clock,
        repliesOf: (id) => store.get(id) ?? [],
        onReplies: (updates) => {
          for (const u of updates) store.set(u.askId, u.replies);
        },
        onReceivedAsk: () => undefined,
        onState: () => undefined,
      });
      e.start();
      await clock.advance(0); // the first poll: the notifications and the ask (no reply yet)
      e.watch([a.id], 'sent');
      await clock.advance(5_000); // the first check primes the ETag
      await sleep(1050 - (Date.now() % 1000)); // the reply falls in a later second than the first poll (HTTP dates)
      await answer();
      const before = stats();
      await clock.advance(5_000);
      const seen = stats();
      assert.equal(store.get(a.id)?.length, 1, 'the reply is in the store');
      assert.equal(seen.rest - before.rest, 1, 'the watch check that shows the answer: one REST point');
      assert.equal(seen.graphqlQueries - before.graphqlQueries, 0, 'no GraphQL fetch after it');
      assert.equal(seen.graphql - before.graphql, 0);
      // The notifications poll lists the thread: one REST point for the changed list, nothing fetched again.
      await clock.advance(60_000);
      const polled = stats();
      assert.equal(polled.rest - seen.rest, 1, 'the changed notifications list');
      assert.equal(polled.graphqlQueries - seen.graphqlQueries, 0, 'the reply the watcher brought is not fetched again');
      // What the list brought is what the batched query brings.
      const fromList = store.get(a.id);
      await e.refreshNow();
      assert.equal(stats().graphqlQueries - polled.graphqlQueries >= 1, true, 'Refresh fetches by GraphQL');
      assert.deepEqual(store.get(a.id), fromList, 'the same reply, body, rendered HTML, time, URL and suggestions');
      e.stop();
    });
  }
});
