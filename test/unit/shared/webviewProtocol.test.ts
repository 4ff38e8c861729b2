import { strict as assert } from 'node:assert';
import { parseHostMessage, parseWebviewMessage, type RepliesViewState } from '../../../src/shared/webviewProtocol';

describe('shared/webviewProtocol', () => {
  it('accepts the messages the webview sends', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', kind: 'empty' }), { type: 'rendered', kind: 'empty' });
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'showLog' }), { type: 'action', action: 'showLog' });
  });

  it('accepts a draft being sent or cancelled, and web links to open', () => {
    const send = { type: 'send', draftId: 'd1', partner: 'grace', topic: '', question: 'Why?\nReally, why?' };
    assert.deepEqual(parseWebviewMessage(send), send);
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', draftId: 'd1' }), { type: 'cancel', draftId: 'd1' });
    assert.deepEqual(parseWebviewMessage({ type: 'openExternal', url: 'https://github.com/ada/x/pull/1' }), { type: 'openExternal', url: 'https://github.com/ada/x/pull/1' });
  });

  it('refuses links that are not web links, and drafts without their fields', () => {
    for (const url of ['command:workbench.action.terminal.new', 'javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'not a url']) {
      assert.equal(parseWebviewMessage({ type: 'openExternal', url }), undefined, url);
    }
    assert.equal(parseWebviewMessage({ type: 'send', draftId: 'd1', partner: 'grace', topic: '' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', draftId: 'd1', partner: 'grace', topic: '', question: 'x'.repeat(20_001) }), undefined);
  });

  it('accepts compose and sent snapshots and refuses a sent link that is not a web link', () => {
    const compose = { kind: 'compose', account: null, draftId: 'd', partners: ['grace'], partner: 'grace', topics: [], location: 'a.ts, line 1',
      snippet: 'x', destination: 'a review comment', notes: [], sending: false, error: null };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: compose })?.state, compose);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...compose, sending: 'no' } }), undefined);
    const sent = { kind: 'sent', account: null, title: 'Asked @grace', detail: 'd', url: 'https://github.com/a/b/pull/1#discussion_r1' };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: sent })?.state, sent);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...sent, url: 'command:evil' } }), undefined);
  });

  it('accepts a thread snapshot and refuses a reply whose link is not a web link', () => {
    const reply = { author: 'grace', createdAt: '2026-11-21T05:00:00Z', body: 'Try this', url: 'https://github.com/a/b/pull/1#discussion_r2', suggestions: ['x'] };
    const thread = { kind: 'thread', account: null, askId: 'a', title: 'Asked @grace', question: 'Why?', location: 'a.ts, line 1', topic: null,
      state: 'on GitHub', url: null, replies: [reply] };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: thread })?.state, thread);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...thread, replies: [{ ...reply, url: 'javascript:alert(1)' }] } }), undefined);
  });

  it('rejects anything else from the webview', () => {
    for (const bad of [null, 'ready', [], {}, { type: 'action', action: 'workbench.action.terminal.new' },
      { type: 'action' }, { type: 'rendered', kind: 'ledger' }, { type: 'eval', code: '1' }]) {
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
      { ...base, actions: 'none' }, { ...base, detail: 'x'.repeat(20_001) }, { ...base, account: undefined },
      { ...base, account: { state: 'signedIn', host: 'github.com' } }, { ...base, account: { state: 'admin', login: 'x', host: 'h' } }]) {
      assert.equal(parseHostMessage({ type: 'snapshot', state }), undefined, JSON.stringify(state)?.slice(0, 80));
    }
  });
});
