// The outbox when several windows share one store: only the window holding the lease sends, a lease
// left by a window that died is taken over, and an item another window delivered or tried is never
// posted twice. storeProcesses.test.ts drains one outbox from two real processes.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type OutboxOptions } from '../../../src/core/outbox';
import { LocalStore, type OutboxEntry } from '../../../src/core/store/store';

/** A GitHub stand-in shared by the windows: what was posted, by client id. */
function fakeGitHub() {
  const posted: string[] = [];
  const calls = { send: 0, find: 0 };
  let lostAcks = 0;
  return {
    posted,
    calls,
    /** The next send posts, then fails as if the window closed before GitHub answered. */
    loseNextAck: () => void lostAcks++,
    send: (item: Readonly<OutboxEntry>) => {
      calls.send++;
      posted.push(item.id);
      if (lostAcks > 0) {
        lostAcks--;
        return Promise.reject(new Error('the window closed before GitHub answered'));
      }
      return Promise.resolve(item.id);
    },
    findExisting: (item: Readonly<OutboxEntry>) => {
      calls.find++;
      return Promise.resolve(posted.includes(item.id) ? item.id : undefined);
    },
  };
}

function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid ?? -1));
  });
}

describe('core/outbox shared by several windows', () => {
  let dir: string;
  let github: ReturnType<typeof fakeGitHub>;
  const lease = () => join(dir, 'outbox.lock');
  const holdLease = (pid: number) => writeFile(lease(), JSON.stringify({ pid, host: hostname(), token: 'other-window', at: new Date().toISOString() }));
  const window = async (options: Partial<OutboxOptions<string>> = {}) => {
    const store = await LocalStore.open(dir, { saveDelayMs: 10_000 });
    const outbox = new Outbox<string>(store, { send: github.send, findExisting: github.findExisting, autoRetry: false, random: () => 0.5, ...options });
    return { store, outbox };
  };
  const item = (id: string) => ({ id, kind: 'ask' as const, payload: {} });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-outbox-shared-'));
    github = fakeGitHub();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('skips a pass while another window is sending, and sends once it is done', async () => {
    const { outbox } = await window();
    await holdLease(process.pid); // a live window, touched just now
    await outbox.enqueue(item('a1'));
    const busy = await outbox.drain();
    assert.equal(busy.busyElsewhere, true);
    assert.deepEqual([busy.sent.length, busy.waiting, github.calls.send], [0, 1, 0]);
    await rm(lease());
    const done = await outbox.drain();
    assert.equal(done.busyElsewhere, undefined);
    assert.deepEqual(github.posted, ['a1']);
    assert.equal(existsSync(lease()), false, 'the lease is given back');
  });

  it('tries again by itself when another window was sending', async () => {
    await holdLease(process.pid);
    const delivered = new Promise<string>((resolve) => {
      void window({ autoRetry: true, busyRetryMs: 20, onSent: (i) => resolve(i.id) }).then(({ outbox }) => outbox.enqueue(item('a1')));
    });
    setTimeout(() => void rm(lease()), 50);
    assert.equal(await delivered, 'a1');
  });

  it('takes over the lease of a window that died mid-send, and looks every item up first', async () => {
    const { outbox } = await window();
    await holdLease(await deadPid());
    github.posted.push('a1'); // the dead window had posted it already
    await outbox.enqueue(item('a1'));
    const result = await outbox.drain();
    assert.deepEqual(
      result.sent.map((s) => s.result),
      ['a1'],
    );
    assert.deepEqual(github.calls, { send: 0, find: 1 }, 'found on GitHub, not posted again');
    assert.deepEqual(github.posted, ['a1']);
  });

  it('does not send an item another window already delivered', async () => {
    const a = await window();
    const b = await window();
    a.store.putOutboxItem({ ...item('x'), createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
    await a.store.flush();
    await b.store.reload();
    assert.equal(b.outbox.pending().length, 1, 'both windows see the item');
    await a.outbox.drain();
    const result = await b.outbox.drain();
    assert.deepEqual(result.sent, []);
    assert.deepEqual(github.posted, ['x']);
    assert.equal(github.calls.send, 1);
    assert.deepEqual(b.outbox.pending(), []);
  });

  it('looks an item up first when another window tried it, even if this one queued it', async () => {
    const a = await window({ now: () => Date.now() + 3_600_000 }); // past b's backoff
    const b = await window();
    await holdLease(process.pid);
    await a.outbox.enqueue(item('x')); // queued here; its first drain finds another window sending
    assert.equal((await a.outbox.drain()).busyElsewhere, true);
    await rm(lease());
    github.loseNextAck();
    await b.outbox.drain(); // b posts it, but the acknowledgement is lost
    assert.deepEqual(github.posted, ['x']);
    const result = await a.outbox.drain();
    assert.deepEqual(
      result.sent.map((s) => s.result),
      ['x'],
    );
    assert.deepEqual(github.posted, ['x'], 'posted once');
    assert.equal(github.calls.send, 1);
  });

  it("tells its onChange when another window's writes changed the outbox", async () => {
    let changes = 0;
    const a = await window({ onChange: () => void changes++ });
    const b = await window();
    await holdLease(process.pid); // b cannot send it
    await b.outbox.enqueue(item('from b'));
    assert.equal(changes, 0);
    assert.deepEqual(await a.store.reload(), ['outbox']);
    assert.equal(changes, 1);
    a.outbox.dispose();
    b.store.putOutboxItem({ ...item('another'), createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
    await b.store.flush();
    await a.store.reload();
    assert.equal(changes, 1, 'not after dispose()');
  });

  it('sends in the same pass what another window queued meanwhile', async () => {
    const b = await window();
    const a = await window({
      send: async (i) => {
        if (i.id === 'first') await b.outbox.enqueue(item('from b')); // b finds a sending and leaves it to a
        return github.send(i);
      },
    });
    a.store.putOutboxItem({ ...item('first'), createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
    await a.store.flush();
    const result = await a.outbox.drain();
    assert.deepEqual(
      result.sent.map((s) => s.item.id),
      ['first', 'from b'],
    );
    assert.deepEqual(github.posted, ['first', 'from b']);
    assert.deepEqual((await LocalStore.open(dir)).outbox(), []);
  });
});
