// Several VS Code windows share one store directory, each its own process. These tests start real
// Node processes (fixtures/storeWorker.ts) on one directory at the same time: every window's
// records survive their concurrent saves, and a shared outbox delivers every item exactly once.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalStore } from '../../../src/core/store/store';

const worker = fileURLToPath(new URL('./fixtures/storeWorker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs one worker to its end; resolves its output, rejects with its error output. */
function run(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill(), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`worker ${args.join(' ')} exited with ${code}: ${err}`));
    });
  });
}

describe('core/store shared by several processes', function () {
  this.timeout(20_000);
  let base: string;
  let dir: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'mm-procs-'));
    dir = join(base, 'globalStorage');
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('keeps every record three processes add and save at the same time', async () => {
    const workers = ['1', '2', '3'];
    const count = 30;
    await Promise.all(workers.map((w) => run('write', dir, w, String(count), String(workers.length))));

    const store = await LocalStore.open(dir);
    assert.deepEqual(store.recovered, []);
    for (const w of workers) {
      const asks = store
        .asks()
        .filter((a) => a.id.startsWith(`w${w}-`))
        .map((a) => a.id)
        .sort();
      const expected = Array.from({ length: count }, (_, i) => `w${w}-${i}`).sort();
      assert.deepEqual(asks, expected, `every ask of worker ${w}`);
      const items = store
        .outbox()
        .filter((o) => o.id.startsWith(`w${w}-`))
        .map((o) => o.id);
      assert.deepEqual(
        items,
        Array.from({ length: count }, (_, i) => `w${w}-item-${i}`),
        `every outbox item of worker ${w}, in its order`,
      );
      assert.equal(store.cursor(`worker ${w}`), String(count - 1));
    }
    assert.equal(store.asks().length, workers.length * count);
    const left = (await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.includes('.lock'));
    assert.deepEqual(left, [], 'no temp or lock files left behind');
  });

  it('two processes draining one outbox deliver each item exactly once', async () => {
    const shared = await LocalStore.open(dir);
    const queued = Array.from({ length: 40 }, (_, i) => `queued-${i}`);
    queued.forEach((id, i) => shared.putOutboxItem({ id, kind: i % 2 ? 'ask' : 'reply', payload: {}, createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 }));
    await shared.flush();

    const outputs = await Promise.all(['1', '2'].map((w) => run('drain', dir, w, '5', '2')));
    const reports = outputs.map((o) => JSON.parse(o.trim().split('\n').at(-1) ?? '{}') as { sent: string[]; busy: number });
    const sends = (await readFile(join(base, 'sends.log'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[1]);
    const own = ['1', '2'].flatMap((w) => Array.from({ length: 5 }, (_, i) => `w${w}-own-${i}`));
    assert.deepEqual([...sends].sort(), [...queued, ...own].sort(), 'every item sent, none twice');
    assert.deepEqual(reports.flatMap((r) => r.sent).sort(), [...sends].sort());
    assert.ok(
      reports.some((r) => r.busy > 0),
      'the processes really contended for the outbox',
    );
    assert.deepEqual((await LocalStore.open(dir)).outbox(), []);
    assert.equal(existsSync(join(dir, 'outbox.lock')), false, 'the lease was released');
  });
});
