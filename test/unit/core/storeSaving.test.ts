// A store that cannot save says so and keeps trying: flush() rejects, the changes (outbox items
// above all) stay in memory, saveState turns "failing" with the reason and the file, and once the
// path is writable again a retry saves everything by itself. The tests run as root, where a chmod
// does not stop writes, so a path is made unwritable by putting a directory or a file in its way.
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ask } from '../../../src/core/model';
import { LocalStore, type SaveState, type StoreOptions } from '../../../src/core/store/store';

const repo = { host: 'github.com', owner: 'ada', name: 'sample' };
const ask = (id: string): Ask => ({
  id,
  direction: 'sent',
  partner: 'grace',
  question: id,
  target: { kind: 'issue', repo },
  createdAt: '2025-01-01T00:00:00.000Z',
});
const item = (id: string) => ({ id, kind: 'ask' as const, payload: { question: id }, createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe('core/store when it cannot save', () => {
  let base: string;
  let dir: string;
  const stores: LocalStore[] = [];
  const open = async (options: StoreOptions = {}) => {
    const store = await LocalStore.open(dir, { saveDelayMs: 10_000, retryBaseMs: 20, retryMaxMs: 200, ...options });
    stores.push(store);
    return store;
  };
  const outboxIds = (store: LocalStore) => store.outbox().map((i) => i.id);

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'mm-saving-'));
    dir = join(base, 'globalStorage');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) s.dispose();
    await rm(base, { recursive: true, force: true });
  });

  it('a collection file it cannot read makes flush() reject; the outbox item stays queued and is saved once the file is back', async () => {
    const logs: string[] = [];
    const store = await open({ log: (m) => logs.push(m) });
    const states: SaveState['kind'][] = [];
    store.onSaveStateChange((s) => states.push(s.kind));
    store.putOutboxItem(item('o1'));
    await store.flush();
    const path = join(dir, 'outbox.jsonl');
    await rename(path, `${path}.aside`);
    await mkdir(path); // a directory where the file should be: reading it fails (EISDIR), even as root

    store.putOutboxItem(item('o2'));
    await assert.rejects(store.flush('outbox'), /outbox\.jsonl could not be read/);
    const state = store.saveState;
    assert.equal(state.kind, 'failing');
    assert.equal(state.kind === 'failing' && state.file, path);
    assert.match(state.kind === 'failing' ? state.reason : '', /EISDIR/);
    assert.deepEqual(outboxIds(store), ['o1', 'o2'], 'both items are still queued in memory');
    assert.deepEqual(
      store.unsavedOutbox().map((i) => i.id),
      ['o2'],
    );
    assert.match(logs.join('\n'), /changes are not saved \(outbox\.jsonl could not be read/);
    await until('another try by itself', () => store.saveState.kind === 'failing' && store.saveState.attempts >= 2);
    assert.deepEqual(outboxIds(store), ['o1', 'o2'], 'still queued after the retry failed too');

    await rmdir(path);
    await rename(`${path}.aside`, path);
    await until('a retry saving it', () => store.saveState.kind === 'saved');
    assert.deepEqual(store.unsavedOutbox(), []);
    assert.deepEqual(outboxIds(await open()), ['o1', 'o2'], 'everything is on disk');
    assert.deepEqual(states.at(-1), 'saved');
    assert.equal(states.filter((s, i) => s === 'failing' && states[i - 1] !== 'failing').length, 1, 'one run of failures');
    assert.match(logs.join('\n'), /saved again after \d+ failed tries/);
  });

  it('a store directory replaced by a file: the debounced save fails, retries with backoff, and saves everything once writable', async () => {
    const store = await open({ saveDelayMs: 0 });
    store.upsertAsk(ask('a1'));
    await store.flush();
    await rename(dir, `${dir}.aside`);
    await writeFile(dir, 'a file where the store directory should be'); // writes fail with ENOTDIR/EEXIST

    store.putOutboxItem(item('o1'));
    store.upsertAsk(ask('a2'));
    await until('the save failing', () => store.saveState.kind === 'failing');
    await until('a few retries', () => store.saveState.kind === 'failing' && store.saveState.attempts >= 3);
    const failing = store.saveState;
    assert.ok(failing.kind === 'failing');
    assert.match(failing.reason, /Could not save (asks|outbox)\.jsonl/);
    assert.ok(failing.nextTryAt > Date.now() - 50 && failing.nextTryAt <= Date.now() + 200, 'the next try is at most retryMaxMs away');
    await assert.rejects(store.flush(), /Could not save/);
    assert.deepEqual(outboxIds(store), ['o1']);

    await rm(dir);
    await rename(`${dir}.aside`, dir);
    await until('a retry saving it', () => store.saveState.kind === 'saved');
    const again = await open();
    assert.deepEqual(outboxIds(again), ['o1']);
    assert.deepEqual(
      again.asks().map((a) => a.id),
      ['a1', 'a2'],
    );
  });

  it('grows the delay between retries up to the bound, and stops retrying once disposed', async () => {
    const store = await open({ retryBaseMs: 10, retryMaxMs: 80 });
    await rm(dir, { recursive: true });
    await writeFile(dir, 'in the way');
    store.putOutboxItem(item('o1'));
    const tries: number[] = [];
    store.onSaveStateChange((s) => {
      if (s.kind === 'failing') tries.push(s.nextTryAt - Date.now());
    });
    await assert.rejects(store.flush());
    await until('six tries', () => tries.length >= 6);
    assert.ok((tries[0] ?? 0) <= 20 && (tries.at(-1) ?? 0) >= 60 && tries.every((t) => t <= 80), `delays ${tries.join(', ')}`);
    store.dispose();
    const seen = tries.length;
    await sleep(200);
    assert.ok(tries.length <= seen + 1, 'no more retries after dispose()');
    assert.deepEqual(outboxIds(store), ['o1'], 'still in memory');
  });

  it('a flush with nothing to write resolves and leaves the state saved', async () => {
    const store = await open();
    await store.flush();
    assert.deepEqual(store.saveState, { kind: 'saved' });
  });
});
