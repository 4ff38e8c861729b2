// Two LocalStore instances on one directory, as two VS Code windows would have: saves merge instead
// of overwriting, reload() and watch() bring in the other window's writes, and the lock between
// them is taken over when its holder died or hung. storeProcesses.test.ts does the same with real processes.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ask } from '../../../src/core/model';
import { acquireLock } from '../../../src/core/store/fileLock';
import { LocalStore, StoreBusyError, type CollectionName, type StoreOptions } from '../../../src/core/store/store';

const repo = { host: 'github.com', owner: 'ada', name: 'sample' };
const ask = (id: string, question = id): Ask => ({
  id,
  direction: 'sent',
  partner: 'grace',
  question,
  target: { kind: 'issue', repo },
  createdAt: '2025-01-01T00:00:00.000Z',
});
const item = (id: string) => ({ id, kind: 'ask' as const, payload: {}, createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of a process that has exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid ?? -1));
  });
}

/** A live process other than this one (as a reused pid would be); killed by the caller. */
function liveProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('spawn', () => resolve(child));
  });
}

describe('core/store shared by two windows', () => {
  let dir: string;
  const open = (options: StoreOptions = {}) => LocalStore.open(dir, { saveDelayMs: 10_000, ...options });
  const ids = (store: LocalStore) =>
    store
      .asks()
      .map((a) => a.id)
      .sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-shared-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('a save merges into what the other window saved, and brings it in', async () => {
    const [a, b] = [await open(), await open()];
    const seen: CollectionName[][] = [];
    b.onExternalChange((names) => seen.push([...names]));
    a.upsertAsk(ask('a1'));
    a.setCursor('from a', '1');
    a.putOutboxItem(item('a-item'));
    await a.flush();
    b.upsertAsk(ask('b1'));
    b.setCursor('from b', '2');
    b.putOutboxItem(item('b-item'));
    await b.flush();

    assert.deepEqual(ids(b), ['a1', 'b1'], "a's ask shows in b after b's save");
    assert.deepEqual(seen, [['asks', 'outbox', 'cursors']]);
    const fresh = await open();
    assert.deepEqual(ids(fresh), ['a1', 'b1']);
    assert.deepEqual(
      fresh.outbox().map((o) => o.id),
      ['a-item', 'b-item'],
    );
    assert.deepEqual([fresh.cursor('from a'), fresh.cursor('from b')], ['1', '2']);
  });

  it("a window's deletions win over the other's stale copy, and only changed keys are written", async () => {
    const setup = await open();
    for (const id of ['x', 'y', 'z']) setup.upsertAsk(ask(id));
    setup.putOutboxItem(item('delivered'));
    await setup.flush();
    const [a, b] = [await open(), await open()];

    a.removeAsk('x');
    a.removeOutboxItem('delivered'); // sent by window a
    a.upsertAsk(ask('y', 'y as a changed it'));
    await a.flush();
    b.upsertAsk(ask('z', 'z as b changed it'));
    b.putOutboxItem({ ...item('delivered'), attempts: 3 }); // b's stale view of an item a already delivered
    await b.flush();

    const after = await open();
    assert.deepEqual(ids(after), ['y', 'z']);
    assert.deepEqual(
      after
        .asks()
        .map((q) => q.question)
        .sort(),
      ['y as a changed it', 'z as b changed it'],
    );
    assert.deepEqual(after.outbox(), [], 'a delivered item is not brought back');
    assert.deepEqual(ids(b), ['y', 'z']);
  });

  it('reload() brings in the other window and keeps unsaved changes on top', async () => {
    const [a, b] = [await open(), await open()];
    b.upsertAsk(ask('b-unsaved'));
    b.putOutboxItem(item('b-item'));
    a.upsertAsk(ask('a1'));
    a.putOutboxItem(item('a-item'));
    await a.flush();

    assert.deepEqual(await b.reload(), ['asks', 'outbox']);
    assert.deepEqual(ids(b), ['a1', 'b-unsaved']);
    assert.deepEqual(
      b.outbox().map((o) => o.id),
      ['a-item', 'b-item'],
      'the unsaved item queues after the saved one',
    );
    assert.deepEqual(await b.reload(), [], 'nothing new the second time');
    await b.flush();
    await a.reload('asks');
    assert.deepEqual(ids(a), ['a1', 'b-unsaved']);
  });

  it("watch() shows the other window's writes by itself, not its own, and stops on dispose()", async () => {
    const [a, b] = [await open(), await open()];
    const seen: string[] = [];
    b.onExternalChange((names) => seen.push(names.join()));
    b.watch(10);
    a.upsertAsk(ask('a1'));
    await a.flush();
    for (let i = 0; i < 100 && seen.length === 0; i++) await sleep(10);
    assert.deepEqual(seen, ['asks']);
    assert.deepEqual(ids(b), ['a1']);

    b.upsertAsk(ask('b1'));
    await b.flush();
    await sleep(60);
    assert.deepEqual(seen, ['asks'], 'its own save is not news');

    b.dispose();
    a.upsertAsk(ask('a2'));
    await a.flush();
    await sleep(60);
    assert.deepEqual(seen, ['asks']);
    assert.deepEqual(ids(b), ['a1', 'b1']);
  });

  it('never overwrites a file a newer version wrote after this window opened it', async () => {
    const logs: string[] = [];
    const a = await open({ log: (m) => logs.push(m) });
    a.upsertAsk(ask('a1'));
    await a.flush();
    const future = '{"store":"mutual-mentor","collection":"asks","version":99}\n{"id":"x","shape":"new"}\n{"end":1}\n';
    await writeFile(join(dir, 'asks.jsonl'), future);
    a.upsertAsk(ask('a2'));
    a.setCursor('c', 'v');
    await assert.rejects(a.flush(), /asks\.jsonl was written by a newer Mutual Mentor/);
    a.dispose();
    assert.equal(await readFile(join(dir, 'asks.jsonl'), 'utf8'), future);
    assert.match(logs.join('\n'), /asks\.jsonl was written by a newer Mutual Mentor/);
    assert.deepEqual(ids(a), ['a1', 'a2'], 'kept in memory');
    assert.equal((await open()).cursor('c'), 'v', 'other collections still save');
  });

  describe('the lock between windows', () => {
    const lockPath = () => join(dir, 'store.lock');
    const holder = (pid: number) => JSON.stringify({ pid, host: hostname(), token: 'someone-else', at: new Date().toISOString() });

    it('is taken over at once from a process that died holding it', async () => {
      const store = await open({ lockWaitMs: 2000, lockStaleMs: 60_000 });
      await writeFile(lockPath(), holder(await deadPid()));
      store.upsertAsk(ask('a1'));
      const started = Date.now();
      await store.flush();
      assert.ok(Date.now() - started < 1000, 'did not wait for the lock to age');
      assert.deepEqual(ids(await open()), ['a1']);
      assert.equal(existsSync(lockPath()), false);
    });

    it('is taken over from a live holder that stopped touching it, but not before', async () => {
      const logs: string[] = [];
      const store = await open({ lockWaitMs: 150, lockStaleMs: 5000, log: (m) => logs.push(m) });
      await writeFile(lockPath(), holder(process.pid)); // alive, and touched just now
      store.upsertAsk(ask('a1'));
      await assert.rejects(store.flush(), StoreBusyError);
      assert.deepEqual(ids(await LocalStore.open(dir, { lockWaitMs: 0 })), [], 'not saved while the lock is held');

      const old = new Date(Date.now() - 6000);
      await utimes(lockPath(), old, old);
      await store.flush(); // the change stayed pending
      assert.deepEqual(ids(await open()), ['a1']);
      assert.match(logs.join('\n'), /took over store\.lock/);
    });

    describe('held by a live process on this host', () => {
      let other: ChildProcess;
      beforeEach(async () => {
        other = await liveProcess();
      });
      afterEach(() => void other.kill());
      const age = async (ms: number) => {
        const then = new Date(Date.now() - ms);
        await utimes(lockPath(), then, then);
      };

      it('is kept while it was touched lately, even well past the stale bound (the holder is busy)', async () => {
        await writeFile(lockPath(), holder(other.pid ?? -1));
        assert.equal(await acquireLock(lockPath(), { staleMs: 60_000, waitMs: 50 }), undefined, 'touched just now');
        await age(5 * 60_000); // 5× the bound: a long-busy event loop, not an abandoned lock
        assert.equal(await acquireLock(lockPath(), { staleMs: 60_000, waitMs: 50 }), undefined, '5× the bound');
        assert.equal((JSON.parse(await readFile(lockPath(), 'utf8')) as { pid: number }).pid, other.pid, 'the lock file is untouched');
      });

      it('is taken over once untouched far beyond the stale bound: the pid was reused after a crash', async () => {
        const logs: string[] = [];
        const store = await open({ lockWaitMs: 2000, lockStaleMs: 10_000, log: (m) => logs.push(m) });
        await writeFile(lockPath(), holder(other.pid ?? -1));
        await age(11 * 60_000); // past 10× the bound (100 s) and the 60 s floor
        store.upsertAsk(ask('a1'));
        const started = Date.now();
        await store.flush();
        assert.ok(Date.now() - started < 1000, 'did not wait for the lock');
        assert.deepEqual(ids(await open()), ['a1']);
        assert.match(logs.join('\n'), /took over store\.lock/);
        assert.equal(existsSync(lockPath()), false);
        assert.equal(other.exitCode, null, 'the unrelated process still runs');
      });

      it('its live holder refreshes it while holding it, so only an abandoned one grows that old', async () => {
        const held = await acquireLock(lockPath(), { staleMs: 60 });
        assert.ok(held?.locked);
        await age(10 * 60_000);
        for (let i = 0; i < 100 && Date.now() - (await stat(lockPath())).mtimeMs > 1000; i++) await sleep(10);
        assert.ok(Date.now() - (await stat(lockPath())).mtimeMs < 1000, 'the holder touched its lock again');
        await held.release();
      });
    });

    it('lets only one of several processes take over a stale lock', async () => {
      await writeFile(lockPath(), holder(await deadPid()));
      const locks = await Promise.all(Array.from({ length: 8 }, () => acquireLock(lockPath(), { staleMs: 60_000 })));
      const held = locks.filter((l) => l !== undefined);
      assert.equal(held.length, 1);
      assert.equal(await held[0]?.stillHeld(), true);
      await held[0]?.release();
      assert.equal(existsSync(lockPath()), false);
    });

    it('is not taken over while its live holder keeps touching it, however long it holds it', async () => {
      const held = await acquireLock(lockPath(), { staleMs: 60 });
      assert.ok(held?.locked);
      await sleep(200);
      assert.equal(await acquireLock(lockPath(), { staleMs: 60, waitMs: 50 }), undefined);
      assert.equal(await held.stillHeld(), true);
      await held.release();
      const next = await acquireLock(lockPath(), { staleMs: 60 });
      assert.equal(next?.tookOver, false);
      await next?.release();
    });

    it('a busy debounced save is tried again by itself', async () => {
      await writeFile(lockPath(), holder(process.pid));
      const store = await open({ saveDelayMs: 0, lockWaitMs: 20 });
      store.upsertAsk(ask('a1'));
      await sleep(100);
      await rm(lockPath());
      for (let i = 0; i < 300 && !existsSync(join(dir, 'asks.jsonl')); i++) await sleep(10);
      assert.deepEqual(ids(await open()), ['a1']);
    });
  });
});
