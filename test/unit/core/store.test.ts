import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ask, Reply } from '../../../src/core/model';
import { LocalStore } from '../../../src/core/store/store';

const repo = { host: 'github.com', owner: 'ada', name: 'sample' };

function ask(n: number, question = `question ${n}`): Ask {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    direction: 'sent',
    partner: 'grace',
    question,
    topic: 'testing',
    anchor: { repo, path: 'src/a.ts', commit: 'abc123', startLine: 3, endLine: 5, snippet: 'const x = 1;' },
    target: { kind: 'reviewComment', repo, pull: 1, line: 5, startLine: 3, side: 'RIGHT' },
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

function reply(askId: string, n: number): Reply {
  return {
    nodeId: `IC_${n}`,
    askId,
    author: 'grace',
    kind: 'threadReply',
    body: `answer ${n}`,
    bodyHTML: `<p>answer ${n}</p>`,
    createdAt: '2025-01-02T00:00:00.000Z',
    url: `https://github.com/ada/sample/pull/1#r${n}`,
    suggestions: [],
  };
}

describe('core/store', () => {
  let dir: string;
  const logs: string[] = [];
  const open = () => LocalStore.open(dir, { log: (m) => logs.push(m), saveDelayMs: 10_000 });
  const ids = (store: LocalStore) => store.asks().map((a) => a.question);

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'mm-store-')), 'globalStorage', 'nested'); // does not exist yet
    logs.length = 0;
  });
  afterEach(() => rm(join(dir, '..', '..'), { recursive: true, force: true }));

  async function storeWith(questions: string[]): Promise<LocalStore> {
    const store = await open();
    questions.forEach((q, i) => store.upsertAsk(ask(i + 1, q)));
    await store.flush();
    return store;
  }

  it('keeps asks, replies, outbox and cursors across a reopen, creating the directory', async () => {
    const store = await open();
    store.upsertAsk(ask(1));
    store.upsertAsk({ ...ask(2), posted: { url: 'https://x/1', nodeId: 'PRRC_1', databaseId: 7, threadNodeId: 'PRRT_1' } });
    store.setReplies(ask(1).id, [reply(ask(1).id, 1), reply(ask(1).id, 2)]);
    store.setCursor('notifications', 'Tue, 01 Jul 2025 10:00:00 GMT');
    store.putOutboxItem({ id: ask(3).id, kind: 'ask', payload: { question: 'q' }, createdAt: '2025-01-01T00:00:00.000Z', attempts: 2, notBefore: 123 });
    await store.flush();

    const again = await open();
    assert.deepEqual(again.recovered, []);
    assert.equal(again.needsResync, false);
    assert.deepEqual(again.asks(), store.asks());
    assert.deepEqual(
      again.replies(ask(1).id).map((r) => r.body),
      ['answer 1', 'answer 2'],
    );
    assert.deepEqual(again.replies(ask(2).id), []);
    assert.equal(again.cursor('notifications'), 'Tue, 01 Jul 2025 10:00:00 GMT');
    assert.deepEqual(again.outbox(), store.outbox());
  });

  it('answers replies per ask from an index that follows every change, and keeps ledger events by id', async () => {
    const store = await open();
    const [a, b] = [ask(1).id, ask(2).id];
    store.setReplies(a, [reply(a, 1), reply(a, 2)]);
    store.setReplies(b, [reply(b, 3)]);
    assert.deepEqual(
      store.replies(a).map((r) => r.nodeId),
      ['IC_1', 'IC_2'],
    );
    store.setReplies(a, [reply(a, 4)]);
    assert.deepEqual(
      store.replies(a).map((r) => r.nodeId),
      ['IC_4'],
      'the index is rebuilt after a change',
    );
    store.removeAsk(b);
    assert.deepEqual(store.replies(b), []);
    const lesson = {
      kind: 'lesson' as const,
      id: 'lesson:1',
      at: '2026-01-01T00:00:00Z',
      from: 'grace',
      to: 'ada',
      text: 'Maps keep order',
      url: 'https://x/1',
    };
    store.putLedgerEvents([lesson, lesson, { ...lesson, id: 'lesson:2' }]);
    await store.flush();
    const again = await open();
    assert.deepEqual(
      again.ledgerEvents().map((e) => e.id),
      ['lesson:1', 'lesson:2'],
    );
    assert.deepEqual(
      again.replies(a).map((r) => r.nodeId),
      ['IC_4'],
    );
  });

  it('serialises writes: many overlapping saves leave the last state and no temp files', async () => {
    const store = await open();
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 20; i++) {
      store.upsertAsk(ask(i));
      saves.push(store.flush());
    }
    await Promise.all(saves);
    assert.equal((await open()).asks().length, 20);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('saves by itself shortly after a change (debounced)', async () => {
    const store = await LocalStore.open(dir, { saveDelayMs: 5 });
    store.setCursor('etag:/notifications', 'W/"abc"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await open()).cursor('etag:/notifications'), 'W/"abc"');
  });

  describe('a crash in the middle of a write leaves the old or the new file', () => {
    it('a half-written temp file is ignored and swept away', async () => {
      await storeWith(['old']);
      await storeWith(['new']);
      const temp = join(dir, 'asks.jsonl.999-deadbeef.tmp');
      await writeFile(temp, '{"store":"mutual-mentor","collection":"asks","version":1}\n{"id":"00000000-0000-4000-8000-0000');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(temp, anHourAgo, anHourAgo);
      const store = await open();
      assert.deepEqual(ids(store), ['new']);
      assert.deepEqual(store.recovered, []);
      assert.deepEqual(
        (await readdir(dir)).filter((f) => f.endsWith('.tmp')),
        [],
      );
    });

    it('between moving the old file aside and renaming the new one in, the old one is read', async () => {
      await storeWith(['older']);
      await storeWith(['old']); // asks.jsonl = old, asks.jsonl.bak = older
      await rename(join(dir, 'asks.jsonl'), join(dir, 'asks.jsonl.bak')); // the crash point
      await writeFile(join(dir, 'asks.jsonl.999-deadbeef.tmp'), '{"store":"mutual-mentor","colle');
      const store = await open();
      assert.deepEqual(ids(store), ['old']);
      assert.match(store.recovered.join('\n'), /asks\.jsonl was missing; 1 records restored from asks\.jsonl\.bak/);
    });

    it('a truncated file keeps its whole lines and takes the rest from the backup', async () => {
      await storeWith(['a', 'b']);
      await storeWith(['a2', 'b2', 'c2']);
      const text = await readFile(join(dir, 'asks.jsonl'), 'utf8');
      await writeFile(join(dir, 'asks.jsonl'), text.slice(0, text.indexOf('"b2"') + 2)); // cut inside the 3rd line
      const store = await open();
      assert.deepEqual(ids(store), ['a2', 'b']); // b2 and c2 lost; b restored from the backup
      assert.match(store.recovered.join('\n'), /asks\.jsonl line 3: not valid JSON, dropped/);
      assert.match(store.recovered.join('\n'), /asks\.jsonl ends early \(truncated\); 1 records kept/);
      assert.match(store.recovered.join('\n'), /1 records restored from asks\.jsonl\.bak/);
      assert.equal(store.needsResync, true);
    });

    it('a file cut exactly at a line break is noticed by its missing footer', async () => {
      await storeWith(['a', 'b']);
      const path = join(dir, 'asks.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      await writeFile(path, `${lines.slice(0, 2).join('\n')}\n`);
      const store = await open();
      assert.deepEqual(ids(store), ['a']);
      assert.match(store.recovered.join('\n'), /ends early \(truncated\)/);
    });
  });

  it('a corrupt file keeps every valid record, lists what was dropped, and is rewritten cleanly', async () => {
    const store = await storeWith(['a', 'b', 'c']);
    store.setCursor('notifications', 'yesterday');
    await store.flush();
    const path = join(dir, 'asks.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = '\u0000\u0000garbage{{';
    lines.splice(3, 0, JSON.stringify({ ...ask(9), target: { kind: 'nonsense' } }));
    await writeFile(path, lines.join('\n'));
    await rm(`${path}.bak`, { force: true });

    const recovered = await open();
    assert.deepEqual(ids(recovered), ['a', 'c']);
    const report = recovered.recovered.join('\n');
    assert.match(report, /asks\.jsonl line 3: not valid JSON, dropped/);
    assert.match(report, /asks\.jsonl line 4: not a valid asks record \(00000000-0000-4000-8000-000000000009\), dropped/);
    assert.match(report, /sync cursors cleared/);
    assert.equal(recovered.needsResync, true);
    assert.equal(recovered.cursor('notifications'), undefined, 'the next sync is a full one');

    await recovered.flush();
    const clean = await open();
    assert.deepEqual(clean.recovered, []);
    assert.deepEqual(ids(clean), ['a', 'c']);
    assert.match(await readFile(`${path}.damaged`, 'utf8'), /garbage/, 'the damaged file is kept aside for a look');
  });

  it('drops an outbox line that lost a field, and says so', async () => {
    const store = await open();
    store.putOutboxItem({ id: 'one', kind: 'ask', payload: {}, createdAt: '2025-01-01T00:00:00.000Z', attempts: 0 });
    store.putOutboxItem({ id: 'two', kind: 'reply', payload: {}, createdAt: '2025-01-01T00:00:00.000Z', attempts: 1 });
    await store.flush();
    const path = join(dir, 'outbox.jsonl');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"attempts":1', '"attempts":"x"'));
    const again = await open();
    assert.deepEqual(
      again.outbox().map((o) => o.id),
      ['one'],
    );
    assert.match(again.recovered.join('\n'), /outbox\.jsonl line 3: not a valid outbox record \(two\), dropped/);
    assert.equal(again.needsResync, false, 'the outbox is not GitHub data: nothing to re-sync');
  });

  it('does not overwrite a file written by a newer version, and reports it', async () => {
    await open();
    const path = join(dir, 'asks.jsonl');
    const future = '{"store":"mutual-mentor","collection":"asks","version":99}\n{"id":"x","shape":"new"}\n{"end":1}\n';
    await writeFile(path, future);
    const store = await open();
    assert.match(store.recovered.join('\n'), /asks\.jsonl was written by a newer Mutual Mentor \(store version 99\)/);
    assert.deepEqual(store.asks(), []);
    store.upsertAsk(ask(1));
    store.setCursor('c', 'v');
    await assert.rejects(store.flush(), /asks\.jsonl was written by a newer Mutual Mentor/, 'flush says the ask was not saved');
    assert.equal(store.saveState.kind, 'failing');
    assert.equal(await readFile(path, 'utf8'), future);
    assert.equal((await open()).cursor('c'), 'v', 'other collections still save');
    assert.equal(store.asks().length, 1, 'the ask stays in memory');
    store.dispose();
  });

  it('opens even when the directory cannot be created; saving then reports the problem', async () => {
    const parent = join(dir, '..');
    await rm(parent, { recursive: true, force: true });
    await writeFile(parent, 'a file where the directory should be');
    const store = await open();
    assert.deepEqual(store.asks(), []);
    assert.match(logs.join('\n'), /cannot create/);
    store.upsertAsk(ask(1));
    await assert.rejects(store.flush(), /Could not save asks\.jsonl/);
    await rm(parent);
    await store.flush(); // the directory can be created now: nothing was lost
    assert.equal((await open()).asks().length, 1);
  });
});
