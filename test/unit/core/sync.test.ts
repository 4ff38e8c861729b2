import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { reviewThreadOf } from '../../../src/core/asks/find';
import { createGitHubClient, type GitHubClient } from '../../../src/core/github/client';
import { appendMarker } from '../../../src/core/marker';
import type { Ask, RepoRef } from '../../../src/core/model';
import { receivedAsksIn } from '../../../src/core/sync/discover';
import { installEtagCache } from '../../../src/core/sync/etagCache';
import { parseThreads, subjectOfUrl } from '../../../src/core/sync/notifications';
import { SyncEngine, type SyncState, type Timers } from '../../../src/core/sync/poller';
import { askUpdate, extractSuggestions, type AskUpdate } from '../../../src/core/sync/replies';
import type { Octokit } from 'octokit';
import { startHarness, type Harness } from '../sandbox/harness';

/** Timers driven by the test: `advance` runs what falls due and waits for the engine's poll. */
class FakeTimers implements Timers {
  now = Date.now();
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  /** Delays of the pending timers, from now. */
  get pending(): number[] {
    return this.queue.map((t) => t.at - this.now);
  }
  async advance(ms: number, engine: SyncEngine): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = Math.max(this.now, due.at);
      due.fn();
      await engine.idle();
    }
    this.now = until;
  }
}

/** HTTP dates have whole seconds: activity after a poll must fall in a later second to end its 304s. */
const nextSecond = () => sleep(1050 - (Date.now() % 1000));
const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

describe('core/sync against the sandbox', function () {
  this.timeout(30_000);
  let h: Harness;
  /** The engine's client: the product's (throttling, retry off); fixtures are written through the harness's faster clients. */
  let engineClient: GitHubClient;
  let ada: Octokit;
  let grace: Octokit;
  const repo: RepoRef = { host: '127.0.0.1', owner: 'ada', name: 'sync' };
  const o = { owner: 'ada', repo: 'sync' };
  let n = 0;

  const client = (login: string) => createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users()[login], userAgent: 'mm-test', retries: 0 });
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

  async function openPull(): Promise<{ number: number; head: string; path: string }> {
    const branch = `topic-${++n}`;
    const res = await h.admin('POST', '/_sandbox/repos/ada/sync/commits', {
      branch,
      files: { [`src/${branch}.ts`]: lines(30, branch) },
      author: 'ada',
      message: branch,
    });
    const { sha } = (await res.json()) as { sha: string };
    const { data } = await ada.rest.pulls.create({ ...o, head: branch, base: 'main', title: branch });
    return { number: data.number, head: sha, path: `src/${branch}.ts` };
  }
  async function lineAsk(pull: { number: number; head: string; path: string }, line: number): Promise<Ask> {
    const id = randomUUID();
    const question = `Why line ${line}?`;
    const { data } = await ada.rest.pulls.createReviewComment({
      ...o,
      pull_number: pull.number,
      commit_id: pull.head,
      path: pull.path,
      line,
      body: marked(question, id),
    });
    const thread = await reviewThreadOf(ada, repo, pull.number, data.node_id);
    return ask(
      id,
      question,
      { kind: 'reviewComment', repo, pull: pull.number, line, side: 'RIGHT' },
      { url: data.html_url, nodeId: data.node_id, databaseId: data.id, ...(thread ? { threadNodeId: thread } : {}) },
    );
  }
  async function issueAsk(title: string): Promise<Ask> {
    const id = randomUUID();
    const { data } = await ada.rest.issues.create({ ...o, title, body: marked(`@grace ${title}`, id) });
    return ask(id, title, { kind: 'issue', repo }, { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number });
  }
  async function pullAsk(pull: number): Promise<Ask> {
    const id = randomUUID();
    const { data } = await ada.rest.issues.createComment({ ...o, issue_number: pull, body: marked('@grace Is the whole approach right?', id) });
    return ask(
      id,
      'Is the whole approach right?',
      { kind: 'pullRequest', repo, pull },
      { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: pull },
    );
  }

  function engine(tracked: Ask[], more: { partners?: string[]; backoffMs?: number; maxBackoffMs?: number } = {}) {
    const clock = new FakeTimers();
    const updates: AskUpdate[][] = [];
    const received: Ask[] = [];
    const states: SyncState[] = [];
    const warnings: string[] = [];
    const e = new SyncEngine({
      client: engineClient,
      tracked: () => tracked,
      host: '127.0.0.1',
      now: () => clock.now,
      timers: clock,
      onReplies: (u) => updates.push([...u]),
      onReceivedAsk: (a) => received.push(a),
      onState: (s) => states.push(s),
      onWarning: (w) => warnings.push(w),
      ...(more.partners ? { partners: () => more.partners! } : {}),
      ...(more.backoffMs ? { backoffMs: more.backoffMs } : {}),
      ...(more.maxBackoffMs ? { maxBackoffMs: more.maxBackoffMs } : {}),
    });
    /** A poll after the poll interval passed. */
    const poll = async () => {
      clock.now += 61_000;
      return e.pollNow();
    };
    return { e, clock, updates, received, states, warnings, poll };
  }
  const stats = () => ({ ...h.sandbox.accounting.userStats('ada') });

  before(async () => {
    h = await startHarness();
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'sync', files: { 'README.md': 'sync\n' }, collaborators: ['grace'] })).status,
      201,
    );
    engineClient = client('ada');
    ada = h.client('ada');
    grace = h.client('grace');
  });
  after(() => h.close());
  beforeEach(async () => {
    h.sandbox.state.notifications.splice(0);
    await h.admin('DELETE', '/_sandbox/faults');
  });

  it('brings in the partner’s thread reply, issue comment and review with bodyHTML and suggestions; an idle poll is a free 304', async () => {
    const pull = await openPull();
    await grace.rest.issues.createComment({ ...o, issue_number: pull.number, body: 'Before the ask: not a reply' });
    const [onLine, onIssue, onPull] = [await lineAsk(pull, 3), await issueAsk('How should I test mean()?'), await pullAsk(pull.number)];
    const s = engine([onLine, onIssue, onPull]);
    const first = await s.poll();
    assert.deepEqual(
      first.updates.map((u) => [u.askId, u.replies.length]),
      [
        [onLine.id, 0],
        [onIssue.id, 0],
        [onPull.id, 0],
      ],
    );

    await nextSecond();
    await grace.rest.pulls.createReplyForReviewComment({
      ...o,
      pull_number: pull.number,
      comment_id: onLine.posted!.databaseId,
      body: 'Use a constant:\n\n```suggestion\nconst LIMIT = 3;\n```',
    });
    await grace.rest.issues.createComment({ ...o, issue_number: onIssue.posted!.number!, body: 'Try **property-based** tests.' });
    await grace.rest.pulls.createReview({ ...o, pull_number: pull.number, event: 'COMMENT', body: 'The approach is fine.' });
    const report = await s.poll();
    assert.equal(report.notifications, 'changed');
    assert.equal(report.graphqlRequests, 1, 'one batched query');
    const byAsk = new Map(report.updates.map((u) => [u.askId, u]));
    const thread = byAsk.get(onLine.id)!;
    assert.equal(thread.replies.length, 1);
    assert.equal(thread.replies[0].author, 'grace');
    assert.equal(thread.replies[0].kind, 'threadReply');
    assert.deepEqual(thread.replies[0].suggestions, ['const LIMIT = 3;']);
    assert.match(thread.replies[0].body, /```suggestion/);
    assert.equal(thread.resolved, false);
    const issue = byAsk.get(onIssue.id)!;
    assert.equal(issue.replies[0].kind, 'issueComment');
    assert.match(issue.replies[0].bodyHTML, /<strong>property-based<\/strong>/);
    const whole = byAsk.get(onPull.id)!;
    assert.deepEqual(
      whole.replies.map((r) => [r.kind, r.body]),
      [['review', 'The approach is fine.']],
      'the review after the ask; not the comment before it, not the thread reply',
    );
    assert.deepEqual(
      s.updates
        .at(-1)!
        .map((u) => u.askId)
        .sort(),
      [onLine.id, onIssue.id, onPull.id].sort(),
      'onReplies got them',
    );

    const before = stats();
    const idle = await s.poll();
    const after = stats();
    assert.equal(idle.notifications, 'notModified');
    assert.equal(idle.graphqlRequests, 0);
    assert.equal(after.requests - before.requests, 1);
    assert.equal(after.notModified - before.notModified, 1);
    assert.equal(after.restPoints + after.graphqlPoints - before.restPoints - before.graphqlPoints, 0, 'a 304 costs nothing');
  });

  it('fetches only the asks whose issue or pull request changed, and shows a resolved thread as resolved', async () => {
    const [p1, p2] = [await openPull(), await openPull()];
    const asks = [await lineAsk(p1, 1), await lineAsk(p1, 2), await lineAsk(p2, 1), await issueAsk('one'), await issueAsk('two')];
    const s = engine(asks);
    assert.equal((await s.poll()).requestedNodeIds.length, 5);
    await nextSecond();
    await grace.rest.issues.createComment({ ...o, issue_number: asks[4].posted!.number!, body: 'On two' });
    assert.deepEqual((await s.poll()).requestedNodeIds, [asks[4].posted!.nodeId]);

    await nextSecond();
    await grace.graphql('mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }', { id: asks[2].posted!.threadNodeId });
    const report = await s.poll();
    assert.deepEqual(report.requestedNodeIds, [asks[2].posted!.threadNodeId], 'only the thread of the pull request that changed');
    assert.equal(report.updates[0].resolved, true);
  });

  it('keeps syncing the other asks when GitHub cannot resolve one (deleted), with a warning', async () => {
    const good = await issueAsk('still here');
    const gone: Ask = { ...good, id: randomUUID(), posted: { ...good.posted!, nodeId: 'I_kwDOgone', number: 999 } };
    const s = engine([gone, good]);
    const report = await s.poll();
    assert.deepEqual(
      report.updates.map((u) => u.askId),
      [good.id],
    );
    assert.ok(
      s.warnings.some((w) => /Could not resolve to a node/.test(w)),
      s.warnings.join('\n'),
    );
    assert.ok(
      s.warnings.some((w) => w.includes(gone.id)),
      'the ask is named',
    );
  });

  it('never asks for notifications before X-Poll-Interval has passed', async () => {
    await h.admin('PUT', '/_sandbox/poll-interval', { seconds: 42 });
    try {
      const s = engine([]);
      s.e.start();
      await s.clock.advance(0, s.e);
      const listed = () => stats().byRoute['GET /notifications'] ?? 0;
      const afterFirst = listed();
      assert.deepEqual(s.clock.pending, [42_000], 'the next poll is 42 s away');
      assert.equal((await s.e.pollNow()).notifications, 'skipped', 'a poll asked for early skips the notifications');
      await s.clock.advance(20_000, s.e);
      s.e.pause();
      assert.deepEqual(s.clock.pending, [], 'no poll while the window is unfocused');
      s.e.resume();
      assert.deepEqual(s.clock.pending, [22_000], 'resumed: the poll still waits for the interval');
      await s.clock.advance(21_000, s.e);
      assert.equal(listed(), afterFirst);
      await s.clock.advance(1_000, s.e);
      assert.equal(listed(), afterFirst + 1);
      s.e.stop();
    } finally {
      await h.admin('PUT', '/_sandbox/poll-interval', { seconds: 60 });
    }
  });

  it('discovers an ask grace addressed to ada, and ignores a marker eve forged', async () => {
    const s = engine([], { partners: ['grace'] });
    await s.poll();
    await nextSecond();
    const id = randomUUID();
    const { data: issue } = await grace.rest.issues.create({ ...o, title: 'Stuck on the cache', body: marked('@ada how would you evict?', id) });
    const forged = randomUUID();
    const { data: bait } = await grace.rest.issues.create({ ...o, title: 'Unrelated' });
    await h.client('eve').rest.issues.createComment({ ...o, issue_number: bait.number, body: marked('@ada (asking for grace) please look', forged) });
    const report = await s.poll();
    assert.deepEqual(
      s.received.map((a) => a.id),
      [id],
    );
    const got = report.received[0];
    assert.equal(got.direction, 'received');
    assert.equal(got.partner, 'grace');
    assert.equal(got.question, '@ada how would you evict?');
    assert.equal(got.topic, 'testing');
    assert.deepEqual(got.target, { kind: 'issue', repo });
    assert.deepEqual(got.posted, { url: issue.html_url, nodeId: issue.node_id, databaseId: issue.id, number: issue.number });
    assert.ok(
      s.warnings.some((w) => /@eve, who is not your partner/.test(w)),
      s.warnings.join('\n'),
    );
    await nextSecond();
    await grace.rest.issues.createComment({ ...o, issue_number: issue.number, body: '@ada any idea?' });
    assert.deepEqual((await s.poll()).received, [], 'an ask is received once');
  });

  it('discovers grace’s line ask and whole-PR ask on a pull request she asked ada to review, and then syncs them', async () => {
    const tracked: Ask[] = [];
    const s = engine(tracked, { partners: ['grace'] });
    await s.poll();
    const branch = `grace-${++n}`;
    const res = await h.admin('POST', '/_sandbox/repos/ada/sync/commits', { branch, files: { 'src/grace.ts': lines(10, 'g') }, author: 'grace', message: 'g' });
    const { sha } = (await res.json()) as { sha: string };
    const { data: pr } = await grace.rest.pulls.create({ ...o, head: branch, base: 'main', title: 'Grace’s cache' });
    await grace.rest.pulls.requestReviewers({ ...o, pull_number: pr.number, reviewers: ['ada'] });
    const [lineId, wholeId] = [randomUUID(), randomUUID()];
    const { data: c } = await grace.rest.pulls.createReviewComment({
      ...o,
      pull_number: pr.number,
      commit_id: sha,
      path: 'src/grace.ts',
      start_line: 2,
      line: 4,
      body: marked('Is this loop right?', lineId),
    });
    await grace.rest.issues.createComment({ ...o, issue_number: pr.number, body: marked('Is the design sound?', wholeId) });
    await nextSecond();
    const report = await s.poll();
    const got = new Map(report.received.map((a) => [a.id, a]));
    assert.deepEqual([...got.keys()].sort(), [lineId, wholeId].sort());
    assert.deepEqual(got.get(lineId)!.target, { kind: 'reviewComment', repo, pull: pr.number, line: 4, startLine: 2, side: 'RIGHT' });
    assert.equal(got.get(lineId)!.posted!.databaseId, c.id);
    assert.ok(got.get(lineId)!.posted!.threadNodeId, 'its review thread was found');
    // The lines grace asked about come with the ask (read from the comment's diff hunk), so ada sees the code.
    assert.deepEqual(got.get(lineId)!.anchor, {
      repo,
      path: 'src/grace.ts',
      commit: sha,
      startLine: 2,
      endLine: 4,
      snippet: lines(10, 'g').split('\n').slice(1, 4).join('\n'),
    });
    assert.equal(got.get(wholeId)!.anchor, undefined, 'a whole-PR ask is about no lines');
    assert.deepEqual(got.get(wholeId)!.target, { kind: 'pullRequest', repo, pull: pr.number });

    tracked.push(...report.received);
    await nextSecond();
    await grace.rest.pulls.createReplyForReviewComment({ ...o, pull_number: pr.number, comment_id: c.id, body: 'Or maybe the bounds?' });
    const next = await s.poll();
    assert.deepEqual(next.received, []);
    const follow = next.updates.find((u) => u.askId === lineId);
    assert.deepEqual(
      follow?.replies.map((r) => r.body),
      ['Or maybe the bounds?'],
      'a received ask syncs like a sent one',
    );
  });

  it('backs off exponentially on 502s and dropped connections, with a cap, and recovers', async () => {
    const s = engine([], { backoffMs: 1000, maxBackoffMs: 4000 });
    await h.admin('POST', '/_sandbox/faults', { kind: 'status', status: 502, path: '^/notifications', login: 'ada', count: 3 });
    await h.admin('POST', '/_sandbox/faults', { kind: 'reset', path: '^/notifications', login: 'ada', count: 1 });
    s.e.start();
    await s.clock.advance(0, s.e);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const state = s.states.at(-1)!;
      assert.equal(state.kind, 'backoff', JSON.stringify(state));
      waits.push(state.retryAt - s.clock.now);
      await s.clock.advance(state.retryAt - s.clock.now, s.e);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 4000]);
    const last = s.states.filter((x) => x.kind === 'backoff').at(-1);
    assert.ok(last?.kind === 'backoff' && last.offline, 'a dropped connection is reported as offline');
    assert.equal(s.states.at(-1)!.kind, 'idle');
    s.e.stop();
  });

  it('waits for the rate-limit reset and says so; stops on 401', async () => {
    const s = engine([]);
    await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 0, resetIn: 600 });
    try {
      s.e.start();
      await s.clock.advance(0, s.e);
      const state = s.states.at(-1)!;
      assert.equal(state.kind, 'rateLimited');
      assert.ok(state.kind === 'rateLimited' && Math.abs(state.resetAt.getTime() - (Date.now() + 600_000)) < 5_000);
      assert.ok(s.clock.pending[0] > 590_000, `waits until the reset, not ${s.clock.pending[0]}`);
    } finally {
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 5000 });
    }
    await s.clock.advance(s.clock.pending[0], s.e);
    assert.equal(s.states.at(-1)!.kind, 'idle');

    await h.admin('POST', '/_sandbox/faults', { kind: 'unauthorized', login: 'ada' });
    s.clock.now += 61_000; // notifications are due again
    await s.e.refreshNow();
    assert.equal(s.states.at(-1)!.kind, 'unauthorized');
    assert.deepEqual(s.clock.pending, [], 'no more polls');
  });

  it('serves a repeated REST GET from its ETag cache on a free 304', async () => {
    const cache = installEtagCache(engineClient);
    const first = await engineClient.rest.repos.get(o);
    const before = stats();
    const again = await engineClient.rest.repos.get(o);
    assert.deepEqual(again.data, first.data);
    assert.equal(stats().notModified - before.notModified, 1);
    assert.equal(stats().restPoints, before.restPoints);
    assert.ok(cache.stats.hits >= 1);
  });
});

describe('core/sync parsing of malformed GitHub data', () => {
  const repo: RepoRef = { host: 'github.com', owner: 'ada', name: 'x' };
  const sent: Ask = {
    id: 'a1',
    direction: 'sent',
    partner: 'grace',
    question: 'q',
    createdAt: '2024-01-01T00:00:00Z',
    target: { kind: 'reviewComment', repo, pull: 1, line: 2, side: 'RIGHT' },
    posted: { url: 'u', nodeId: 'C1', databaseId: 1, threadNodeId: 'T1' },
  };
  const comment = (over: Record<string, unknown>) => ({
    id: 'C2',
    databaseId: 2,
    author: { login: 'grace' },
    body: 'ok',
    bodyHTML: '<p>ok</p>',
    createdAt: '2024-01-02T00:00:00Z',
    url: 'u2',
    ...over,
  });

  it('skips comments with missing fields, nulls or wrong types, with a warning each', () => {
    const warnings: string[] = [];
    const update = askUpdate(
      sent,
      {
        __typename: 'PullRequestReviewThread',
        id: 'T1',
        isResolved: 'yes',
        line: '3',
        comments: {
          nodes: [null, 42, comment({ body: null }), comment({ createdAt: 'soon' }), comment({ author: { login: 7 } }), comment({ id: 'C3', bodyHTML: null })],
        },
      },
      (w) => warnings.push(w),
    );
    assert.deepEqual(
      update?.replies.map((r) => [r.nodeId, r.bodyHTML]),
      [['C3', '']],
    );
    assert.equal(update?.resolved, false);
    assert.equal(update?.line, null);
    assert.equal(warnings.length, 5, warnings.join('\n'));
  });

  it('keeps your own replies in the thread with the partner’s, never the ask itself or a third person’s', () => {
    const node = {
      __typename: 'PullRequestReviewThread',
      id: 'T1',
      isResolved: false,
      isOutdated: false,
      comments: {
        nodes: [
          comment({ id: 'C1', author: { login: 'ada' } }),
          comment({ id: 'C2' }),
          comment({ id: 'C3', author: { login: 'ADA' }, createdAt: '2024-01-03T00:00:00Z' }),
          comment({ id: 'C4', author: { login: 'eve' } }),
        ],
      },
    };
    assert.deepEqual(
      askUpdate(sent, node, () => undefined)?.replies.map((r) => r.nodeId),
      ['C2'],
      'without knowing who you are: the partner only',
    );
    assert.deepEqual(
      askUpdate(sent, node, () => undefined, undefined, 'ada')?.replies.map((r) => r.nodeId),
      ['C2', 'C3'],
    );
  });

  it('skips a node that is null, not an object, or of another type; and a comments field that is not a connection', () => {
    const warnings: string[] = [];
    for (const bad of [null, 'x', [], { __typename: 'Issue' }, { id: 'T1' }])
      assert.equal(
        askUpdate(sent, bad, (w) => warnings.push(w)),
        undefined,
      );
    assert.equal(warnings.length, 5);
    const update = askUpdate(sent, { __typename: 'PullRequestReviewThread', comments: 'nope' }, (w) => warnings.push(w));
    assert.deepEqual(update?.replies, []);
    assert.match(warnings.at(-1)!, /not a connection/);
  });

  it('reads received asks and notification threads from bad data without throwing', () => {
    const warnings: string[] = [];
    const warn = (w: string) => warnings.push(w);
    assert.deepEqual(receivedAsksIn(undefined, { repo, number: 1 }, ['grace'], warn), []);
    assert.deepEqual(
      receivedAsksIn(
        { __typename: 'Issue', id: 'I', body: '<!-- mutual-mentor {"v":1,"kind":"ask"} -->', author: null, createdAt: 'x', comments: { nodes: [{}] } },
        { repo, number: 1 },
        ['grace'],
        warn,
      ),
      [],
    );
    assert.deepEqual(parseThreads({ not: 'a list' }, 'github.com', warn), []);
    const threads = parseThreads(
      [null, { id: '1' }, { id: '2', reason: 'mention', updated_at: '2024-01-01T00:00:00Z', subject: { url: 'https://api.github.com/repos/ada/x/issues/5' } }],
      'github.com',
      warn,
    );
    assert.deepEqual(
      threads.map((t) => [t.id, t.subject.number]),
      [['2', 5]],
    );
    assert.ok(warnings.length >= 4);
    assert.deepEqual(subjectOfUrl('https://ghe.example.com/api/v3/repos/a/b/pulls/7', 'ghe'), { repo: { host: 'ghe', owner: 'a', name: 'b' }, number: 7 });
    assert.equal(subjectOfUrl('not a url', 'x'), undefined);
  });

  it('recognises suggestion blocks, including empty ones, tildes and CRLF', () => {
    assert.deepEqual(extractSuggestions('a\r\n```suggestion\r\nx = 1\r\ny = 2\r\n```\r\nb\n~~~suggestion\n~~~\n```ts\nnot\n```'), ['x = 1\ny = 2', '']);
    assert.deepEqual(extractSuggestions('no blocks'), []);
  });
});
