import { strict as assert } from 'node:assert';
import {
  fitThread,
  isThreadAction,
  repliesProtocol,
  threadActionTypes,
  type RepliesViewState,
  type ThreadFields,
  type WebviewToHost,
} from '../../../src/shared/webviewProtocol';

const { parseToHost: parseWebviewMessage, parseSnapshot: parseHostMessage } = repliesProtocol;

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
    assert.deepEqual(parseWebviewMessage({ type: 'openExternal', url: 'https://github.com/ada/x/pull/1' }), {
      type: 'openExternal',
      url: 'https://github.com/ada/x/pull/1',
    });
  });

  it('refuses links that are not web links, and drafts without their fields', () => {
    for (const url of ['command:workbench.action.terminal.new', 'javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'not a url']) {
      assert.equal(parseWebviewMessage({ type: 'openExternal', url }), undefined, url);
    }
    assert.equal(parseWebviewMessage({ type: 'send', draftId: 'd1', partner: 'grace', topic: '' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', draftId: 'd1', partner: 'grace', topic: '', question: 'x'.repeat(20_001) }), undefined);
  });

  it('accepts compose and sent snapshots and refuses a sent link that is not a web link', () => {
    const compose = {
      kind: 'compose',
      account: null,
      draftId: 'd',
      partners: ['grace'],
      partner: 'grace',
      topics: [],
      location: 'a.ts, line 1',
      snippet: 'x',
      destination: 'a review comment',
      notes: [],
      sending: false,
      error: null,
    };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: compose })?.state, compose);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...compose, sending: 'no' } }), undefined);
    const sent = { kind: 'sent', account: null, title: 'Asked @grace', detail: 'd', url: 'https://github.com/a/b/pull/1#discussion_r1' };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: sent })?.state, sent);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...sent, url: 'command:evil' } }), undefined);
  });

  const reply = {
    nodeId: 'PRRC_kwDO1',
    kind: 'threadReply',
    author: 'grace',
    createdAt: '2026-11-21T05:00:00Z',
    body: 'Try this',
    bodyHTML: '<p>Try this</p>',
    url: 'https://github.com/a/b/pull/1#discussion_r2',
    suggestions: ['x'],
    suggestionStates: ['applied'],
  };
  const thread = {
    kind: 'thread',
    account: null,
    askId: 'a',
    title: 'Asked @grace',
    partner: 'grace',
    direction: 'sent',
    question: 'Why?',
    questionHTML: '<p>Why?</p>\n',
    location: 'a.ts, line 1',
    topic: null,
    code: { snippet: 'const x = 1;', location: 'a.ts, line 1' },
    status: 'open',
    state: 'open',
    url: null,
    canResolve: true,
    resolved: false,
    canReply: true,
    replySending: false,
    replyError: null,
    notice: 'Offline — showing what was fetched at 10:42',
    replies: [reply],
  };

  it('accepts a thread snapshot with its code, status, reply state, notice and replies', () => {
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: thread })?.state, thread);
    const other = {
      ...thread,
      direction: 'received',
      code: null,
      status: 'queued',
      url: 'https://github.com/a/b/issues/3',
      canResolve: false,
      resolved: true,
      canReply: false,
      replySending: true,
      replyError: 'GitHub said no',
      notice: null,
      replies: [{ ...reply, kind: 'review', bodyHTML: '', suggestions: [] }],
    };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: other })?.state, other);
    for (const kind of ['threadReply', 'review', 'issueComment'])
      assert.ok(parseHostMessage({ type: 'snapshot', state: { ...thread, replies: [{ ...reply, kind }] } }), kind);
    for (const status of ['open', 'resolved', 'outdated', 'queued', 'failed'])
      assert.ok(parseHostMessage({ type: 'snapshot', state: { ...thread, status } }), status);
  });

  it('fitThread makes an oversized thread acceptable instead of losing the snapshot', () => {
    const huge = {
      ...thread,
      notice: 'n'.repeat(900),
      question: 'q'.repeat(70_000),
      code: { snippet: 's'.repeat(30_000), location: 'a.ts' },
      replies: Array.from({ length: 520 }, (_, i) => ({
        ...reply,
        nodeId: `R${i}`,
        bodyHTML: i === 519 ? `<p>${'x'.repeat(210_000)}</p>` : reply.bodyHTML,
        suggestions: ['y'.repeat(25_000)],
      })),
    } as unknown as Extract<RepliesViewState, { kind: 'thread' }>;
    assert.equal(parseHostMessage({ type: 'snapshot', state: huge }), undefined, 'as it is, the page would refuse it');
    const { kind, account, ...rest } = huge;
    const fitted = { kind, account, ...fitThread(rest) };
    const parsed = parseHostMessage({ type: 'snapshot', state: fitted })?.state;
    assert.ok(parsed && parsed.kind === 'thread');
    assert.equal(parsed.replies.length, 500);
    assert.equal(parsed.replies.at(-1)?.nodeId, 'R519', 'the newest replies are kept');
    assert.equal(parsed.replies.at(-1)?.bodyHTML, '', 'HTML too long to show whole falls back to the text');
    assert.ok(parsed.notice!.endsWith('…') && parsed.notice!.length === 500);
  });

  /** A thread as the host builds it: without its kind and account. */
  const fieldsOf = (view: object) => Object.fromEntries(Object.entries(view).filter(([k]) => k !== 'kind' && k !== 'account')) as unknown as ThreadFields;

  it('fitThread cuts every text it may cut to its cap, keeps the first 200 suggestions, and fits what is already fine unchanged', () => {
    const fine = fieldsOf(thread);
    assert.deepEqual(fitThread(fine), fine);
    const long = (n: number) => 'x'.repeat(n + 50);
    const fitted = fitThread({
      ...fine,
      title: long(20_000),
      location: long(20_000),
      topic: long(100),
      state: long(100),
      replyError: long(20_000),
      questionHTML: long(200_000),
      code: { snippet: long(20_000), location: long(20_000) },
      replies: [
        {
          ...fine.replies[0],
          author: long(100),
          body: long(65_536),
          suggestions: Array.from({ length: 250 }, (_, i) => (i === 0 ? long(20_000) : `s${i}`)),
          suggestionStates: Array.from({ length: 250 }, () => 'ready' as const),
        },
      ],
    });
    assert.ok(fitted);
    const lengths = [
      fitted.title,
      fitted.location,
      fitted.topic!,
      fitted.state,
      fitted.replyError!,
      fitted.code!.snippet,
      fitted.code!.location,
      fitted.replies[0].author,
      fitted.replies[0].body,
      fitted.replies[0].suggestions[0],
    ].map((t) => [t.length, t.endsWith('…')]);
    assert.deepEqual(lengths, [
      [20_000, true],
      [20_000, true],
      [100, true],
      [100, true],
      [20_000, true],
      [20_000, true],
      [20_000, true],
      [100, true],
      [65_536, true],
      [20_000, true],
    ]);
    assert.equal(fitted.questionHTML, '', 'HTML too long to show whole falls back to the text');
    assert.deepEqual(
      [fitted.replies[0].suggestions.length, fitted.replies[0].suggestions.at(-1), fitted.replies[0].suggestionStates.length],
      [200, 's199', 200],
    );
    assert.ok(parseHostMessage({ type: 'snapshot', state: { kind: 'thread', account: null, ...fitted } }), 'the page accepts what was fitted');
  });

  it('fitThread refuses a thread that cutting cannot mend', () => {
    const fine = fieldsOf(thread);
    for (const change of [{ askId: '' }, { url: 'command:evil' }, { status: 'merged' }, { partner: 'x'.repeat(101) }]) {
      assert.equal(fitThread({ ...fine, ...change } as typeof fine), undefined, JSON.stringify(change));
    }
  });

  it('drops unknown fields at every depth of a snapshot', () => {
    const withExtras = {
      ...thread,
      extra: 1,
      code: { ...thread.code, extra: 2 },
      account: { state: 'signedIn', login: 'ada', host: 'github.com', token: 'ghp_x' },
      replies: [{ ...reply, extra: 3, onclick: 'alert(1)' }],
    };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: withExtras, extra: 4 }), {
      type: 'snapshot',
      state: { ...thread, account: { state: 'signedIn', login: 'ada', host: 'github.com' } },
    });
  });

  it('accepts bodyHTML up to 200 KB and refuses more', () => {
    const big = `<p>${'x'.repeat(200_000 - 7)}</p>`;
    assert.equal(big.length, 200_000);
    assert.ok(parseHostMessage({ type: 'snapshot', state: { ...thread, replies: [{ ...reply, bodyHTML: big }] } }));
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...thread, replies: [{ ...reply, bodyHTML: `${big}x` }] } }), undefined);
  });

  it('refuses malformed thread snapshots', () => {
    const badThreads: Record<string, unknown>[] = [
      { partner: 3 },
      { partner: undefined },
      { direction: 'both' },
      { code: 'x' },
      { code: { snippet: 'x' } },
      { code: { snippet: 1, location: 'a' } },
      { code: undefined },
      { status: 'merged' },
      { status: undefined },
      { state: 'x'.repeat(101) },
      { canResolve: 'yes' },
      { resolved: 1 },
      { canReply: null },
      { replySending: undefined },
      { replyError: 42 },
      { replyError: undefined },
      { notice: 'x'.repeat(501) },
      { notice: undefined },
      { url: 'javascript:alert(1)' },
      { url: 'command:mutualMentor.test.trap' },
      { askId: '' },
      { askId: 'x'.repeat(201) },
      { replies: 'none' },
      { replies: Array.from({ length: 501 }, () => reply) },
      { question: 'x'.repeat(65_537) },
    ];
    for (const change of badThreads) {
      assert.equal(parseHostMessage({ type: 'snapshot', state: { ...thread, ...change } }), undefined, JSON.stringify(change).slice(0, 80));
    }
    const badReplies: Record<string, unknown>[] = [
      { url: 'javascript:alert(1)' },
      { url: 'command:workbench.action.terminal.new' },
      { url: 'file:///etc/passwd' },
      { nodeId: '' },
      { nodeId: 7 },
      { nodeId: undefined },
      { kind: 'commit' },
      { kind: undefined },
      { bodyHTML: null },
      { bodyHTML: undefined },
      { bodyHTML: ['<p>'] },
      { body: 'x'.repeat(65_537) },
      { suggestions: 'x' },
      { suggestions: [1] },
      { suggestionStates: undefined },
      { suggestionStates: ['done'] },
      { author: { login: 'grace' } },
      { createdAt: 'x'.repeat(41) },
    ];
    for (const change of badReplies) {
      assert.equal(
        parseHostMessage({ type: 'snapshot', state: { ...thread, replies: [{ ...reply, ...change }] } }),
        undefined,
        JSON.stringify(change).slice(0, 80),
      );
    }
  });

  it('accepts a loading snapshot and empty snapshots of every tone', () => {
    const loading = { kind: 'loading', account: null, title: 'Loading replies…' };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: loading })?.state, loading);
    assert.equal(parseHostMessage({ type: 'snapshot', state: { ...loading, title: 1 } }), undefined);
    for (const tone of ['info', 'offline', 'error']) {
      const empty = {
        kind: 'empty',
        tone,
        title: 't',
        detail: 'd',
        actions: [
          { action: 'refresh', label: 'Try Again' },
          { action: 'askAboutSelection', label: 'Ask' },
        ],
        account: null,
      };
      assert.deepEqual(parseHostMessage({ type: 'snapshot', state: empty })?.state, empty);
    }
    assert.equal(
      parseHostMessage({ type: 'snapshot', state: { kind: 'empty', tone: 'panic', title: 't', detail: 'd', actions: [], account: null } }),
      undefined,
    );
  });

  it('accepts the thread actions the webview sends, and marks them as thread actions', () => {
    const actions: WebviewToHost[] = [
      { type: 'reply', askId: 'a', body: 'Thanks!\nThat works.' },
      { type: 'applySuggestion', askId: 'a', replyId: 'PRRC_kwDO1', index: 0 },
      { type: 'setResolved', askId: 'a', resolved: true },
      { type: 'setResolved', askId: 'a', resolved: false },
      { type: 'markLearned', askId: 'a', replyId: 'PRRC_kwDO1' },
      { type: 'markLearned', askId: 'a', replyId: null },
      { type: 'revealCode', askId: 'a' },
      { type: 'action', action: 'refresh' },
      { type: 'action', action: 'askAboutSelection' },
    ];
    for (const message of actions) assert.deepEqual(parseWebviewMessage({ ...message, extra: '<img onerror=x>' }), message);
    assert.deepEqual(
      actions.filter(isThreadAction).map((a) => a.type),
      ['reply', 'applySuggestion', 'setResolved', 'setResolved', 'markLearned', 'markLearned', 'revealCode'],
    );
    assert.deepEqual([...threadActionTypes].sort(), ['applySuggestion', 'markLearned', 'reply', 'revealCode', 'setResolved']);
  });

  it('refuses malformed thread actions', () => {
    const bad = [
      { type: 'reply', askId: 'a' },
      { type: 'reply', askId: 'a', body: '' },
      { type: 'reply', askId: 'a', body: '  \n ' },
      { type: 'reply', askId: 'a', body: 3 },
      { type: 'reply', askId: 'a', body: 'x'.repeat(65_537) },
      { type: 'reply', body: 'hi' },
      { type: 'reply', askId: '', body: 'hi' },
      { type: 'reply', askId: 'x'.repeat(201), body: 'hi' },
      { type: 'reply', askId: ['a'], body: 'hi' },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: -1 },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: 1.5 },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: '0' },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: 200 },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: Number.NaN },
      { type: 'applySuggestion', askId: 'a', replyId: 'r', index: Infinity },
      { type: 'applySuggestion', askId: 'a', replyId: null, index: 0 },
      { type: 'applySuggestion', askId: 'a', index: 0 },
      { type: 'setResolved', askId: 'a' },
      { type: 'setResolved', askId: 'a', resolved: 'true' },
      { type: 'setResolved', askId: 'a', resolved: 1 },
      { type: 'markLearned', askId: 'a' },
      { type: 'markLearned', askId: 'a', replyId: 5 },
      { type: 'markLearned', askId: 'a', replyId: '' },
      { type: 'revealCode' },
      { type: 'revealCode', askId: 5 },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: ' JaVaScRiPt:alert(1)' },
      { type: 'openExternal', url: 'mailto:a@b.c' },
      { type: 'openExternal', url: `https://x.example/${'a'.repeat(2000)}` },
      { type: 'action', action: 'resolve' },
      { type: 'action', action: 'mutualMentor.refresh' },
      { type: 'action', action: 'toString' },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message).slice(0, 80));
  });

  it('rejects anything else from the webview', () => {
    for (const bad of [
      null,
      'ready',
      [],
      {},
      { type: 'action', action: 'workbench.action.terminal.new' },
      { type: 'action' },
      { type: 'rendered', kind: 'ledger' },
      { type: 'eval', code: '1' },
      { type: 'resolve', askId: 'a' },
      { type: 'constructor' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts a well-formed snapshot and drops unknown fields', () => {
    const state: RepliesViewState = {
      kind: 'empty',
      tone: 'info',
      title: 'No ask selected',
      detail: 'Select code',
      actions: [{ action: 'showExchanges', label: 'Show Exchanges' }],
      account: { state: 'signedIn', login: 'ada', host: 'github.com' },
    };
    assert.deepEqual(parseHostMessage({ type: 'snapshot', state: { ...state, extra: '<img onerror=x>' } }), { type: 'snapshot', state });
  });

  it('rejects malformed snapshots', () => {
    const base = { kind: 'empty', tone: 'info', title: 't', detail: 'd', actions: [], account: null };
    assert.ok(parseHostMessage({ type: 'snapshot', state: base }), 'the base case is valid');
    for (const state of [
      undefined,
      { ...base, kind: 'other' },
      { ...base, title: 3 },
      { ...base, actions: [{ action: 'rm', label: 'x' }] },
      { ...base, actions: 'none' },
      { ...base, detail: 'x'.repeat(20_001) },
      { ...base, account: undefined },
      { ...base, account: { state: 'signedIn', host: 'github.com' } },
      { ...base, account: { state: 'admin', login: 'x', host: 'h' } },
      { ...base, tone: undefined },
    ]) {
      assert.equal(parseHostMessage({ type: 'snapshot', state }), undefined, JSON.stringify(state)?.slice(0, 80));
    }
  });
});
