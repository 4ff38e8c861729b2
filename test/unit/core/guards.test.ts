import { strict as assert } from 'node:assert';
import type { Ask } from '../../../src/core/model';
import { isAsk, isAskThreadState, isLedgerEvent } from '../../../src/core/store/guards';

describe('core/store/guards', () => {
  const repo = { host: 'github.com', owner: 'ada', name: 'sample' };
  const ask: Ask = {
    id: 'a1',
    direction: 'sent',
    partner: 'grace',
    question: 'Why?',
    createdAt: '2025-01-01T00:00:00.000Z',
    target: { kind: 'reviewComment', repo, pull: 1, line: 5, side: 'RIGHT' },
    posted: { url: 'https://github.com/ada/sample/pull/1#discussion_r1', nodeId: 'PRRC_1', databaseId: 1, threadNodeId: 'PRRT_1' },
  };
  const thread = { resolved: true, outdated: false, path: 'src/a.ts', line: 7, startLine: null, syncedAt: '2025-01-02T00:00:00.000Z' };

  it('accepts an ask without thread state (records written before it existed)', () => {
    assert.equal(isAsk(ask), true);
  });

  it('accepts an ask with thread state, in full or with only the required fields, and an outdated line of null', () => {
    assert.equal(isAsk({ ...ask, thread }), true);
    assert.equal(isAsk({ ...ask, thread: { resolved: false, outdated: true, syncedAt: '2025-01-02T00:00:00.000Z' } }), true);
    assert.equal(isAsk({ ...ask, thread: { ...thread, line: null, outdated: true } }), true);
  });

  it('rejects an ask whose thread state is malformed', () => {
    const bad: unknown[] = [
      null,
      'resolved',
      [],
      {},
      { ...thread, resolved: 'yes' },
      { ...thread, outdated: undefined },
      { ...thread, syncedAt: '' },
      { ...thread, path: 7 },
      { ...thread, path: '' },
      { ...thread, line: 0 },
      { ...thread, line: 2.5 },
      { ...thread, startLine: '3' },
    ];
    for (const b of bad) {
      assert.equal(isAskThreadState(b), false, JSON.stringify(b));
      assert.equal(isAsk({ ...ask, thread: b }), false, JSON.stringify(b));
    }
  });
});

describe('core/store/guards: ledger events', () => {
  const lesson = { kind: 'lesson', id: 'lesson:1', at: '2026-01-01T00:00:00Z', from: 'grace', to: 'ada', text: 't', url: 'https://x/1' };
  const help = {
    kind: 'help',
    type: 'review',
    id: 'review:1',
    at: '2026-01-01T00:00:00Z',
    from: 'ada',
    to: 'grace',
    title: 'PR',
    url: 'https://x/2',
    topic: 'ts',
  };
  it('accepts lessons and help, refuses what lost a field or has the wrong type', () => {
    assert.ok(isLedgerEvent(lesson));
    assert.ok(isLedgerEvent(help));
    for (const bad of [
      { ...lesson, at: 'soon' },
      { ...lesson, from: '' },
      { ...lesson, text: 1 },
      { ...help, type: 'bribe' },
      { ...help, topic: 3 },
      { ...lesson, kind: 'gift' },
      null,
      [],
    ]) {
      assert.equal(isLedgerEvent(bad), false, JSON.stringify(bad));
    }
  });
});
