import { strict as assert } from 'node:assert';
import { parseHostMessage, parseWebviewMessage, type RepliesViewState } from '../../../src/shared/webviewProtocol';

describe('shared/webviewProtocol', () => {
  it('accepts the messages the webview sends', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', kind: 'empty' }), { type: 'rendered', kind: 'empty' });
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'showLog' }), { type: 'action', action: 'showLog' });
  });

  it('rejects anything else from the webview', () => {
    for (const bad of [null, 'ready', [], {}, { type: 'action', action: 'workbench.action.terminal.new' },
      { type: 'action' }, { type: 'rendered', kind: 'thread' }, { type: 'eval', code: '1' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts a well-formed snapshot and drops unknown fields', () => {
    const state: RepliesViewState = {
      kind: 'empty', title: 'No ask selected', detail: 'Select code', actions: [{ action: 'showExchanges', label: 'Show Exchanges' }],
      account: { state: 'signedIn', login: 'ada', host: 'github.com' },
    };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: { ...state, extra: '<img onerror=x>' } }), { type: 'snapshot', state });
  });

  it('rejects malformed snapshots', () => {
    const base = { kind: 'empty', title: 't', detail: 'd', actions: [], account: null };
    assert.ok(parseHostMessage({ type: 'snapshot', state: base }), 'the base case is valid');
    for (const state of [undefined, { ...base, kind: 'other' }, { ...base, title: 3 }, { ...base, actions: [{ action: 'rm', label: 'x' }] },
      { ...base, actions: 'none' }, { ...base, detail: 'x'.repeat(10_001) }, { ...base, account: undefined },
      { ...base, account: { state: 'signedIn', host: 'github.com' } }, { ...base, account: { state: 'admin', login: 'x', host: 'h' } }]) {
      assert.equal(parseHostMessage({ type: 'snapshot', state }), undefined, JSON.stringify(state)?.slice(0, 80));
    }
  });
});
