import { strict as assert } from 'node:assert';
import { ledgerProtocol, type LedgerViewState, type PartnerView } from '../../../src/shared/ledgerProtocol';

const { parseToHost: parseLedgerMessage, parseSnapshot: parseLedgerHostMessage } = ledgerProtocol;

const partner: PartnerView = {
  login: 'grace',
  taught: 2,
  learned: 5,
  helpGiven: 1,
  helpReceived: 3,
  balance: -5 / 11,
  topics: [{ topic: 'testing', taught: 2, learned: 1, helpGiven: 0, helpReceived: 3 }],
  months: [
    { month: '2026-10', given: 1, received: 4 },
    { month: '2026-11', given: 2, received: 4 },
  ],
  drift: { state: 'receiving', given: 3, received: 8, message: 'You have received 8 and given 3 in the last 60 days. A way to give back:' },
  giveBack: [
    { kind: 'openAsk', title: 'Why a Map?', url: 'https://github.com/grace/x/issues/3', askId: 'ask-1', why: '@grace asked you' },
    { kind: 'helpWanted', title: 'Flaky test', url: 'https://github.com/grace/y/issues/9', askId: null, why: 'labelled help wanted' },
  ],
  recent: [
    { at: '2026-11-20T10:00:00Z', text: 'You learned from @grace: maps', url: 'https://github.com/ada/x/issues/1#issuecomment-1', direction: 'received' },
  ],
};
const ledger: LedgerViewState = { kind: 'ledger', me: 'ada', generatedAt: '2026-11-21T07:00:00.000Z', partners: [partner] };
const snapshot = (state: unknown) => parseLedgerHostMessage({ type: 'snapshot', state });
const withPartner = (over: Record<string, unknown>) => snapshot({ ...ledger, partners: [{ ...partner, ...over }] });

describe('shared/ledgerProtocol', () => {
  it('accepts every message the page sends', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'rendered', kind: 'ledger' },
      { type: 'openExternal', url: 'https://github.com/grace/y/issues/9' },
      { type: 'openAsk', askId: 'ask-1' },
      { type: 'export', format: 'markdown' },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'json' },
      { type: 'action', action: 'pairWithPartner' },
      { type: 'action', action: 'signIn' },
    ])
      assert.deepEqual(parseLedgerMessage(message), message);
    assert.deepEqual(parseLedgerMessage({ type: 'refresh', extra: '<script>' }), { type: 'refresh' }, 'extra fields are dropped');
  });

  it('refuses malformed and hostile page messages', () => {
    for (const message of [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'rendered', kind: 'thread' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 42 },
      { type: 'openExternal', url: `https://x.io/${'a'.repeat(2001)}` },
      { type: 'openAsk', askId: '' },
      { type: 'openAsk', askId: 7 },
      { type: 'openAsk', askId: 'x'.repeat(201) },
      { type: 'export', format: 'pdf' },
      { type: 'export', format: 'MARKDOWN' },
      { type: 'export' },
      { type: 'action', action: 'showLog' },
      { type: 'action', action: 'constructor' },
    ])
      assert.equal(parseLedgerMessage(message), undefined, JSON.stringify(message));
  });

  it('accepts loading, empty and ledger snapshots', () => {
    assert.deepEqual(snapshot({ kind: 'loading' })?.state, { kind: 'loading' });
    const empty = { kind: 'empty', title: 'No partner yet', detail: 'Pair first.', action: 'pairWithPartner' };
    assert.deepEqual(snapshot(empty)?.state, empty);
    assert.deepEqual(snapshot({ ...empty, action: null })?.state, { ...empty, action: null });
    assert.deepEqual(snapshot(ledger)?.state, ledger);
    assert.deepEqual(snapshot({ ...ledger, partners: [] })?.state, { ...ledger, partners: [] });
  });

  it('drops unknown fields at every depth of a snapshot', () => {
    const extra = {
      ...ledger,
      extra: 1,
      partners: [{ ...partner, extra: 2, drift: { ...partner.drift, extra: 3 }, giveBack: [{ ...partner.giveBack[0], onclick: 'x' }], recent: [] }],
    };
    assert.deepEqual(snapshot(extra)?.state, { ...ledger, partners: [{ ...partner, giveBack: [partner.giveBack[0]], recent: [] }] });
  });

  it('refuses snapshots with wrong types, bad links, bad months or oversize fields', () => {
    assert.equal(parseLedgerHostMessage({ type: 'snap', state: ledger }), undefined);
    assert.equal(snapshot({ kind: 'thread' }), undefined);
    assert.equal(snapshot({ kind: 'empty', title: 'x', detail: 'y', action: 'showLog' }), undefined);
    assert.equal(snapshot({ ...ledger, partners: 'grace' }), undefined);
    assert.equal(snapshot({ ...ledger, partners: Array.from({ length: 201 }, () => partner) }), undefined);
    for (const [name, over] of Object.entries({
      login: { login: '' },
      loginType: { login: ['grace'] },
      longLogin: { login: 'g'.repeat(101) },
      negative: { taught: -1 },
      fraction: { learned: 1.5 },
      stringCount: { helpGiven: '3' },
      balanceHigh: { balance: 1.01 },
      balanceNaN: { balance: Number.NaN },
      month: { months: [{ month: '2026-13', given: 0, received: 0 }] },
      monthText: { months: [{ month: 'Nov 2026', given: 0, received: 0 }] },
      thirteenMonths: { months: Array.from({ length: 13 }, (_, i) => ({ month: `2025-${String((i % 12) + 1).padStart(2, '0')}`, given: 0, received: 0 })) },
      drift: { drift: { ...partner.drift, state: 'angry' } },
      longMessage: { drift: { ...partner.drift, message: 'x'.repeat(2001) } },
      giveBackUrl: { giveBack: [{ ...partner.giveBack[0], url: 'javascript:alert(1)' }] },
      giveBackKind: { giveBack: [{ ...partner.giveBack[0], kind: 'bribe' }] },
      askId: { giveBack: [{ ...partner.giveBack[0], askId: '' }] },
      recentUrl: { recent: [{ ...partner.recent[0], url: 'vscode://evil' }] },
      recentDirection: { recent: [{ ...partner.recent[0], direction: 'sideways' }] },
      topic: { topics: [{ topic: 42, taught: 0, learned: 0, helpGiven: 0, helpReceived: 0 }] },
    }))
      assert.equal(withPartner(over), undefined, name);
  });
});
