import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import type { ThreadView } from '../../../src/shared/webviewProtocol';
import { renderPage, type PageContext } from '../../../src/webview/page';
import { createSanitizer } from '../../../src/webview/sanitize';

const thread = (over: Partial<ThreadView> = {}): ThreadView => ({
  kind: 'thread',
  account: null,
  askId: 'ask-1',
  title: 'Asked @grace',
  partner: 'grace',
  direction: 'sent',
  question: 'Why <b>this</b>?',
  questionHTML: '',
  location: 'src/a.ts, line 3',
  topic: null,
  code: { snippet: 'x()', location: 'src/a.ts, line 3' },
  status: 'open',
  state: 'open',
  url: null,
  canResolve: false,
  resolved: false,
  canReply: true,
  replySending: false,
  replyError: null,
  notice: null,
  replies: [
    {
      nodeId: 'r1',
      kind: 'threadReply',
      author: 'grace',
      createdAt: '2026-11-21T05:04:00Z',
      body: 'Use **a for loop** <img src=x>',
      bodyHTML: '<p>Use <strong>a for loop</strong></p>',
      url: 'https://github.com/x',
      suggestions: [],
      suggestionStates: [],
    },
  ],
  ...over,
});

describe('webview/page', () => {
  let dom: JSDOM;
  let ctx: PageContext;

  beforeEach(() => {
    dom = new JSDOM('<!DOCTYPE html><body></body>');
    (globalThis as { document?: Document }).document = dom.window.document;
    ctx = {
      post: () => undefined,
      drafts: { get: () => undefined, set: () => undefined },
      replyDrafts: { get: () => '', set: () => undefined },
      sanitize: createSanitizer(dom.window),
    };
  });
  after(() => {
    delete (globalThis as { document?: Document }).document;
  });

  it('renders a thread as usual', () => {
    const page = renderPage(thread(), ctx);
    assert.equal(page.querySelector('.reply .body strong')?.textContent, 'a for loop');
  });

  it('shows an error with the thread’s text, as text, when drawing the thread throws, never nothing', () => {
    const page = renderPage(thread(), {
      ...ctx,
      replyDrafts: {
        get: () => {
          throw new Error('storage is broken');
        },
        set: () => undefined,
      },
    });
    assert.equal(page.getAttribute('role'), 'alert');
    assert.equal(page.querySelector('h2')?.textContent, 'This thread could not be displayed');
    const text = page.querySelector('.thread-text');
    assert.equal(text?.textContent, 'Asked @grace\n\nQuestion: Why <b>this</b>?\n\nsrc/a.ts, line 3\nx()\n\n@grace: Use **a for loop** <img src=x>');
    assert.equal(page.querySelector('b, img'), null, 'the text stays text');
  });

  it('still shows something when the snapshot itself is malformed', () => {
    const broken = { ...thread(), replies: [null], code: undefined } as unknown as ThreadView;
    const page = renderPage(broken, ctx);
    assert.match(page.textContent ?? '', /This thread could not be displayed[\s\S]*Asked @grace[\s\S]*@undefined: undefined/);
  });
});
