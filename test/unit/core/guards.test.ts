import { strict as assert } from 'node:assert';
import type { Ask } from '../../../src/core/model';
import { isAsk, isAskThreadState } from '../../../src/core/store/guards';

describe('core/store/guards', () => {
  const repo = { host: 'github.com', owner: 'ada', name: 'sample' };
  const ask: Ask = {
    id: 'a1', direction: 'sent', partner: 'grace', question: 'Why?', createdAt: '2025-01-01T00:00:00.000Z',
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
      null, 'resolved', [], {},
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
