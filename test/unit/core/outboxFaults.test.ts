// The outbox against the GitHub sandbox under injected faults: every ask lands exactly once, as an
// issue comment on ada/sample whose body carries the hidden marker with the ask's client id.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Octokit } from 'octokit';
import { appendMarker, scanMarkers } from '../../../src/core/marker';
import { describeOutbox, Outbox } from '../../../src/core/outbox';
import { LocalStore, type OutboxEntry } from '../../../src/core/store/store';
import { startHarness, type Harness } from '../sandbox/harness';

interface Posted {
  readonly url: string;
  readonly nodeId: string;
  readonly databaseId: number;
}
interface Payload {
  readonly issue: number;
  readonly body: string;
}

const owner = 'ada';
const repo = 'sample';
const TIMEOUT_MS = 400;

/** `send` and `findExisting` over a real client, as the extension wires them; counts the calls. */
function gitHubSide(h: Harness, options: { crashAfterPost?: number[] } = {}) {
  // Unchecked against the OpenAPI contract: injected faults answer statuses an operation does not document.
  let client: Octokit = h.client('ada', { checkContract: false });
  const calls = { send: 0, find: 0 };
  const request = () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) });
  return {
    calls,
    /** Signs in again: a client with ada's current token. */
    relogin: () => (client = h.client('ada', { checkContract: false })),
    send: async (item: Readonly<OutboxEntry>): Promise<Posted> => {
      calls.send++;
      const { issue, body } = item.payload as Payload;
      const marked = body.trim() ? appendMarker(body, { v: 1, kind: item.kind, id: item.id }) : body;
      const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issue, body: marked, request: request() });
      if (options.crashAfterPost?.includes(calls.send)) throw new Error('the window closed before GitHub answered');
      return { url: data.html_url, nodeId: data.node_id, databaseId: data.id };
    },
    findExisting: async (item: Readonly<OutboxEntry>): Promise<Posted | undefined> => {
      calls.find++;
      const { issue } = item.payload as Payload;
      // Page by page: octokit's paginate() drops the per-request options, the timeout among them.
      for (let page = 1; ; page++) {
        const { data } = await client.rest.issues.listComments({ owner, repo, issue_number: issue, per_page: 100, page, request: request() });
        const found = data.find((c) => c.user?.login === 'ada' && scanMarkers(c.body ?? '').markers.some((m) => m.id === item.id));
        if (found) return { url: found.html_url, nodeId: found.node_id, databaseId: found.id };
        if (data.length < 100) return undefined;
      }
    },
  };
}

describe('core/outbox against the sandbox under faults', () => {
  let h: Harness;
  let dir: string;
  let clock: number;
  before(async function () {
    this.timeout(30_000);
    h = await startHarness();
    await h
      .client('ada')
      .rest.issues.get({ owner, repo, issue_number: 1 })
      .catch(() => undefined); // loads the contract checker once
  });
  after(() => h.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-outbox-faults-'));
    clock = Date.now();
  });
  afterEach(async () => {
    await h.admin('DELETE', '/_sandbox/faults');
    await rm(dir, { recursive: true, force: true });
  });

  const newIssue = async () => (await h.client('ada').rest.issues.create({ owner, repo, title: 'Outbox test' })).data.number;
  const ask = (issue: number, body = 'I am stuck on the eviction order. What do you think?') => ({
    id: randomUUID(),
    kind: 'ask' as const,
    payload: { issue, body },
  });
  const fault = async (spec: Record<string, unknown>) => assert.equal((await h.admin('POST', '/_sandbox/faults', spec)).status, 201);
  /** Comments on the issue whose marker carries the id: how many times the ask landed. */
  const copiesOnGitHub = async (issue: number, id: string) => {
    const client = h.client('grace');
    const comments = await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
    return comments.filter((c) => scanMarkers(c.body ?? '').markers.some((m) => m.id === id)).length;
  };
  const outboxOver = (store: LocalStore, side: ReturnType<typeof gitHubSide>) =>
    new Outbox<Posted>(store, {
      send: side.send,
      findExisting: side.findExisting,
      now: () => clock,
      random: () => 0.5,
      autoRetry: false,
      host: 'sandbox',
      backoff: { baseMs: 1000 },
    });

  const faults = [
    { name: 'a 502', spec: { kind: 'status', status: 502 } },
    { name: 'a dropped connection', spec: { kind: 'reset' } },
    { name: 'a timeout', spec: { kind: 'timeout' } },
    { name: 'a secondary rate limit', spec: { kind: 'secondary-rate-limit', retryAfter: 30 } },
  ];
  for (const { name, spec } of faults) {
    it(`delivers an ask exactly once through ${name} on the post and on the look-up, and a lost acknowledgement`, async () => {
      const issue = await newIssue();
      const store = await LocalStore.open(dir);
      const side = gitHubSide(h, { crashAfterPost: [2] });
      const outbox = outboxOver(store, side);
      const item = ask(issue);
      const path = `^/repos/ada/sample/issues/${issue}/comments$`;

      await fault({ ...spec, method: 'POST', path, count: 1 });
      await outbox.enqueue(item);
      let result = await outbox.drain();
      assert.equal(result.waiting, 1, 'the first post failed');
      assert.ok(result.nextAttemptAt);
      if (spec.kind === 'secondary-rate-limit') assert.ok(result.nextAttemptAt >= clock + 30_000, 'waited as retry-after said');
      assert.equal(await copiesOnGitHub(issue, item.id), 0);

      clock = result.nextAttemptAt;
      result = await outbox.drain(); // looks up (nothing), posts, then "crashes" before the answer
      assert.equal(await copiesOnGitHub(issue, item.id), 1);
      assert.equal(result.waiting, 1);

      await fault({ ...spec, method: 'GET', path, count: 1 });
      clock = result.nextAttemptAt ?? clock;
      result = await outbox.drain(); // the look-up fails
      assert.equal(result.waiting, 1);

      clock = result.nextAttemptAt ?? clock;
      result = await outbox.drain(); // the look-up finds it: acknowledged, not posted again
      assert.equal(result.sent.length, 1);
      assert.deepEqual(side.calls, { send: 2, find: 3 });
      assert.equal(await copiesOnGitHub(issue, item.id), 1, 'exactly once');
      assert.match(result.sent[0]?.result.url ?? '', new RegExp(`/ada/sample/issues/${issue}#issuecomment-`));
      assert.deepEqual((await LocalStore.open(dir)).outbox(), [], 'gone from the file too');
    });
  }

  it('waits for a used-up rate limit to reset without spending attempts', async () => {
    const issue = await newIssue();
    const side = gitHubSide(h);
    const outbox = outboxOver(await LocalStore.open(dir), side);
    const item = ask(issue);
    await fault({ kind: 'rate-limit', retryAfter: 600, login: 'ada', count: 1 });
    try {
      await outbox.enqueue(item);
      let result = await outbox.drain();
      assert.ok(result.nextAttemptAt && result.nextAttemptAt >= Date.now() + 590_000, 'waits until the reset');
      assert.equal(outbox.pending()[0]?.attempts, 0);
      assert.match(outbox.pending()[0]?.lastError ?? '', /rate limit is used up/);
      clock += 300_000;
      await outbox.drain();
      assert.deepEqual(side.calls, { send: 1, find: 0 }, 'nothing tried before the reset');
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 5000 });
      clock = result.nextAttemptAt;
      result = await outbox.drain();
      assert.equal(result.sent.length, 1);
      assert.equal(await copiesOnGitHub(issue, item.id), 1);
    } finally {
      await h.admin('POST', '/_sandbox/rate-limit', { login: 'ada', remaining: 5000 });
    }
  });

  it('stops on a revoked token until the account changes, then sends exactly once', async () => {
    const issue = await newIssue();
    const side = gitHubSide(h);
    const outbox = outboxOver(await LocalStore.open(dir), side);
    const [first, second] = [ask(issue), ask(issue, 'And the TTL?')];
    assert.equal((await h.admin('POST', '/_sandbox/users/ada/revoke')).status, 200);
    await outbox.enqueue(first);
    await outbox.enqueue(second);
    let result = await outbox.drain();
    assert.match(result.paused ?? '', /did not accept the token.*Sign in again/);
    assert.equal(result.nextAttemptAt, undefined);
    clock += 3_600_000;
    await outbox.drain();
    assert.deepEqual(side.calls, { send: 1, find: 0 }, 'stopped: no requests while signed out');
    assert.deepEqual(
      outbox.pending().map((p) => p.attempts),
      [0, 0],
      'no attempts spent',
    );

    side.relogin();
    result = await outbox.accountChanged();
    assert.equal(result.paused, undefined);
    assert.deepEqual(
      result.sent.map((s) => s.item.id),
      [first.id, second.id],
    );
    assert.equal(await copiesOnGitHub(issue, first.id), 1);
    assert.equal(await copiesOnGitHub(issue, second.id), 1);
  });

  it('marks an ask GitHub refuses (422) failed with the reason, and sends the next one', async () => {
    const issue = await newIssue();
    const outbox = outboxOver(await LocalStore.open(dir), gitHubSide(h));
    const [empty, good] = [ask(issue, '   '), ask(issue)];
    await outbox.enqueue(empty);
    await outbox.enqueue(good);
    const result = await outbox.drain();
    assert.deepEqual(
      result.sent.map((s) => s.item.id),
      [good.id],
    );
    const [failed] = outbox.pending();
    assert.equal(failed?.id, empty.id);
    assert.equal(failed?.failed, true);
    assert.match(failed?.lastError ?? '', /^sandbox answered 422: Validation Failed/);
    assert.equal(outbox.summary(), '1 ask could not be sent');
    await outbox.discard(empty.id);
    assert.deepEqual((await LocalStore.open(dir)).outbox(), []);
  });

  it('survives a restart: a new outbox over the reopened store sends what was pending, exactly once', async () => {
    const [issueA, issueB] = [await newIssue(), await newIssue()];
    const [a, b] = [ask(issueA), ask(issueB)];
    const before = outboxOver(await LocalStore.open(dir), gitHubSide(h, { crashAfterPost: [1] }));
    await before.enqueue(a); // lands on GitHub, but the window closes before the answer
    await before.enqueue(b); // queued behind a
    await before.drain();
    before.dispose();
    assert.equal(await copiesOnGitHub(issueA, a.id), 1);
    assert.equal(await copiesOnGitHub(issueB, b.id), 0);

    const store = await LocalStore.open(dir);
    assert.equal(describeOutbox(store.outbox()), '2 asks waiting to send');
    const side = gitHubSide(h);
    clock += 60_000;
    const result = await outboxOver(store, side).drain();
    assert.deepEqual(
      result.sent.map((s) => s.item.id),
      [a.id, b.id],
    );
    assert.deepEqual(side.calls, { send: 1, find: 2 }, 'a was found, only b was posted');
    assert.equal(await copiesOnGitHub(issueA, a.id), 1);
    assert.equal(await copiesOnGitHub(issueB, b.id), 1);
  });
});
