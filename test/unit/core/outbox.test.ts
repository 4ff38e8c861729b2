// The outbox's rules with a GitHub stand-in: persisted before send, exactly once across a lost
// acknowledgement, backoff, order per kind, giving up, and the summary in words.
// test/unit/core/outboxFaults.test.ts drives the same outbox against the sandbox under faults.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOutbox, Outbox, type OutboxOptions } from '../../../src/core/outbox';
import { LocalStore, type OutboxEntry } from '../../../src/core/store/store';

/** A GitHub stand-in that keeps what was posted, by client id. */
function fakeGitHub() {
  const posted: string[] = [];
  const calls = { send: 0, find: 0 };
  let failures: (Error | 'lost-ack')[] = [];
  return {
    posted,
    calls,
    /** The next sends fail with these errors (or post and then "crash", for 'lost-ack'). */
    fail(...next: (Error | 'lost-ack')[]) {
      failures = next;
    },
    send: (item: Readonly<OutboxEntry>) => {
      calls.send++;
      const error = failures.shift();
      if (error === 'lost-ack') {
        posted.push(item.id);
        return Promise.reject(new Error('the window closed before GitHub answered'));
      }
      if (error !== undefined) return Promise.reject(error);
      posted.push(item.id);
      return Promise.resolve(`https://github.test/${item.id}`);
    },
    findExisting: (item: Readonly<OutboxEntry>) => {
      calls.find++;
      return Promise.resolve(posted.includes(item.id) ? `https://github.test/${item.id}` : undefined);
    },
  };
}

const httpError = (status: number, message: string) => Object.assign(new Error(message), { status, response: { headers: {} } });

describe('core/outbox', () => {
  let dir: string;
  let store: LocalStore;
  let clock: number;
  let github: ReturnType<typeof fakeGitHub>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-outbox-'));
    store = await LocalStore.open(dir);
    clock = Date.parse('2025-06-01T12:00:00Z');
    github = fakeGitHub();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const outbox = (options: Partial<OutboxOptions<string>> = {}) =>
    new Outbox<string>(store, {
      send: github.send,
      findExisting: github.findExisting,
      now: () => clock,
      random: () => 0.5,
      autoRetry: false,
      backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
      ...options,
    });
  const fileItems = () =>
    readFileSync(join(dir, 'outbox.jsonl'), 'utf8')
      .split('\n')
      .slice(1, -2)
      .map((l) => JSON.parse(l) as OutboxEntry);
  const item = (kind: OutboxEntry['kind'] = 'ask') => ({ id: randomUUID(), kind, payload: { body: 'What do you think?' } });

  it('writes an item to disk before sending it, and keeps it there while sending fails', async () => {
    const seenOnDisk: string[][] = [];
    const box = outbox({
      send: (i) => {
        seenOnDisk.push(fileItems().map((f) => f.id));
        return github.send(i);
      },
    });
    github.fail(new Error('the disk hiccupped'));
    const ask = item();
    await box.enqueue(ask);
    const result = await box.drain();
    assert.deepEqual(seenOnDisk, [[ask.id]], 'on disk when send was called');
    assert.equal(result.waiting, 1);
    const [onDisk] = fileItems();
    assert.equal(onDisk?.id, ask.id);
    assert.equal(onDisk?.attempts, 1);
    assert.match(onDisk?.lastError ?? '', /the disk hiccupped/);
  });

  it('does not post twice when GitHub got the item but the acknowledgement was lost', async () => {
    const box = outbox();
    github.fail('lost-ack');
    const ask = item();
    await box.enqueue(ask);
    assert.equal((await box.drain()).waiting, 1);
    clock += 60_000;
    const sent: string[] = [];
    const result = await outbox({ onSent: (i, url) => void sent.push(`${i.id} ${url}`) }).drain();
    assert.deepEqual(github.posted, [ask.id], 'posted once');
    assert.equal(github.calls.send, 1, 'the retry looked first and did not send');
    assert.deepEqual(sent, [`${ask.id} https://github.test/${ask.id}`]);
    assert.deepEqual(
      result.sent.map((s) => s.result),
      [`https://github.test/${ask.id}`],
    );
    assert.deepEqual(store.outbox(), []);
  });

  it('does not look an item up before its first send, only before retries', async () => {
    const box = outbox();
    await box.enqueue(item());
    await box.drain();
    assert.deepEqual(github.calls, { send: 1, find: 0 });
  });

  it('backs off exponentially with jitter and tries nothing before it is due', async () => {
    const box = outbox({ random: () => 0 }); // the shortest delay jitter allows
    github.fail(...Array<Error>(4).fill(httpError(502, 'Server Error')));
    await box.enqueue(item());
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await box.drain();
      assert.ok(result.nextAttemptAt);
      delays.push(result.nextAttemptAt - clock);
      const calls = github.calls.send;
      clock = result.nextAttemptAt - 1;
      await box.drain();
      assert.equal(github.calls.send, calls, 'not tried before it was due');
      clock += 1;
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000]);
    assert.equal((await box.drain()).sent.length, 1);
    // With the most jitter, a delay still stays below the next one's shortest.
    const jittered = outbox({ random: () => 1 });
    github.fail(httpError(503, 'Service Unavailable'));
    await jittered.enqueue(item());
    assert.equal((await jittered.drain()).nextAttemptAt, clock + 1000);
  });

  it('honours retry-after, and it holds the whole queue', async () => {
    const box = outbox();
    const secondary = Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403, response: { headers: { 'retry-after': '90' } } });
    github.fail(secondary);
    await box.enqueue(item('ask'));
    await box.enqueue(item('reply'));
    const result = await box.drain();
    assert.equal(result.nextAttemptAt, clock + 90_000);
    assert.equal(github.calls.send, 1, 'the reply waits too');
    clock += 90_000;
    assert.equal((await box.drain()).sent.length, 2);
  });

  it('sends in order per kind; a waiting item holds its kind only', async () => {
    const box = outbox();
    const [a1, a2, r1] = [item('ask'), item('ask'), item('reply')];
    github.fail(httpError(500, 'Server Error'));
    for (const i of [a1, a2, r1]) await box.enqueue(i);
    await box.drain();
    assert.deepEqual(github.posted, [r1.id], 'the second ask waits for the first');
    clock += 60_000;
    await box.drain();
    assert.deepEqual(github.posted, [r1.id, a1.id, a2.id]);
  });

  it('marks a refused item (422) failed, keeps it to show, and moves on', async () => {
    const box = outbox();
    const [bad, good] = [item(), item()];
    github.fail(httpError(422, 'Validation Failed: body is missing'));
    await box.enqueue(bad);
    await box.enqueue(good);
    const result = await box.drain();
    assert.deepEqual(github.posted, [good.id]);
    assert.deepEqual([result.waiting, result.failed], [0, 1]);
    assert.deepEqual(
      box.pending().map((p) => [p.id, p.failed, p.lastError]),
      [[bad.id, true, 'Validation Failed: body is missing']],
    );
    assert.equal(box.summary(), '1 ask could not be sent');
    await box.retry(bad.id);
    assert.deepEqual(github.posted, [good.id, bad.id], 'retried on request, after looking it up');
    assert.equal(github.calls.find, 1);
  });

  it('gives up on an item that keeps failing, so its kind is not held up forever', async () => {
    const box = outbox();
    const [stuck, next] = [item(), item()];
    github.fail(...Array<Error>(5).fill(httpError(500, 'Server Error')));
    await box.enqueue(stuck);
    await box.enqueue(next);
    let result = await box.drain();
    while (result.nextAttemptAt) {
      clock = result.nextAttemptAt;
      result = await box.drain();
    }
    assert.deepEqual(github.posted, [next.id]);
    assert.match(box.pending()[0]?.lastError ?? '', /^Gave up after 5 tries: Server Error/);
  });

  it('keeps retrying while offline without giving up', async () => {
    const box = outbox();
    github.fail(...Array<Error>(8).fill(new TypeError('fetch failed')));
    await box.enqueue(item());
    let result = await box.drain();
    for (let i = 0; i < 8; i++) {
      clock = result.nextAttemptAt ?? clock;
      result = await box.drain();
    }
    assert.equal(result.sent.length, 1);
  });

  it('retries by itself when the backoff is over', async () => {
    const delivered = new Promise<string>((resolve) => {
      const box = new Outbox<string>(store, {
        send: github.send,
        findExisting: github.findExisting,
        backoff: { baseMs: 20 },
        onSent: (_i, url) => resolve(url),
      });
      github.fail(httpError(502, 'Server Error'));
      void box.enqueue(item());
    });
    assert.match(await delivered, /^https:\/\/github\.test\//);
    assert.deepEqual(github.calls, { send: 2, find: 1 });
  });

  it('tries items waiting out a backoff at once when GitHub answers again, but not before a rate limit or retry-after ends', async () => {
    const box = outbox();
    github.fail(...Array<Error>(4).fill(httpError(502, 'Server Error')));
    await box.enqueue(item());
    let result = await box.drain();
    for (let i = 0; i < 3; i++) {
      clock = result.nextAttemptAt ?? clock;
      result = await box.drain();
    }
    assert.equal(github.calls.send, 4);
    assert.ok((result.nextAttemptAt ?? 0) - clock >= 4000, 'a long backoff is due');
    assert.equal((await box.drain()).sent.length, 0, 'not before it is due');
    const again = await box.githubAnswersAgain();
    assert.equal(again.sent.length, 1, 'sent at once');
    assert.equal(box.pending().length, 0);

    // What GitHub said to wait for still holds.
    const secondary = Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403, response: { headers: { 'retry-after': '90' } } });
    github.fail(secondary);
    await box.enqueue(item());
    const held = await box.githubAnswersAgain();
    assert.equal(held.sent.length, 0, 'retry-after holds the queue');
    assert.equal(held.nextAttemptAt, clock + 90_000);
  });

  it('queues an id only once', async () => {
    const box = outbox();
    const ask = item();
    github.fail(new Error('down'));
    await box.enqueue(ask);
    await box.enqueue(ask);
    await box.drain();
    assert.equal(box.pending().length, 1);
  });

  it('says what is waiting in words', () => {
    const entry = (kind: OutboxEntry['kind'], failed = false): OutboxEntry => ({ id: randomUUID(), kind, payload: null, createdAt: '', attempts: 0, failed });
    assert.equal(describeOutbox([]), 'Nothing waiting to send');
    assert.equal(describeOutbox([entry('ask')]), '1 ask waiting to send');
    assert.equal(describeOutbox([entry('ask'), entry('ask')]), '2 asks waiting to send');
    assert.equal(describeOutbox([entry('reply'), entry('ask'), entry('reply')]), '1 ask and 2 replies waiting to send');
    assert.equal(
      describeOutbox([entry('lesson'), entry('ask'), entry('reply'), entry('lesson', true)]),
      '1 ask, 1 reply and 1 lesson waiting to send; 1 lesson could not be sent',
    );
  });
});
