import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import type { ReplyItem, ThreadView, WebviewToHost } from '../../../src/shared/webviewProtocol';
import { createSanitizer, MAX_NESTING_DEPTH, type Sanitizer } from '../../../src/webview/sanitize';
import { initials, PLAIN_TEXT_NOTE, renderThread, type ReplyDrafts } from '../../../src/webview/thread';
import { questionHtml } from '../../../src/core/threads/questionHtml';
import { TRAP_TITLE, xssPayloads } from '../../fixtures/xssPayloads';

const reply = (over: Partial<ReplyItem> = {}): ReplyItem => ({
  nodeId: 'r1',
  kind: 'threadReply',
  author: 'grace',
  createdAt: '2026-11-21T05:04:00Z',
  body: '**md** <b>as text</b>',
  bodyHTML: '',
  url: 'https://github.com/ada/lru/pull/1#discussion_r2',
  suggestions: [],
  suggestionStates: [],
  ...over,
});
const thread = (over: Partial<ThreadView> = {}): ThreadView => ({
  kind: 'thread',
  account: { state: 'signedIn', login: 'ada', host: 'github.com' },
  askId: 'ask-1',
  title: 'Asked @grace',
  partner: 'grace',
  direction: 'sent',
  question: 'Why <b>this</b>?',
  questionHTML: '',
  location: 'src/a.ts, line 3',
  topic: 'testing',
  code: { snippet: 'x()', location: 'src/a.ts, line 3' },
  status: 'open',
  state: 'open',
  url: 'https://github.com/ada/lru/pull/1#discussion_r1',
  canResolve: true,
  resolved: false,
  canReply: true,
  replySending: false,
  replyError: null,
  notice: null,
  replies: [reply()],
  ...over,
});

describe('webview/thread', () => {
  let dom: JSDOM;
  let posted: WebviewToHost[];
  let drafts: Map<string, string>;
  const store: ReplyDrafts = { get: (id) => drafts.get(id) ?? '', set: (id, body) => drafts.set(id, body) };

  beforeEach(() => {
    dom = new JSDOM('<!DOCTYPE html><body></body>');
    (globalThis as { document?: Document }).document = dom.window.document;
    posted = [];
    drafts = new Map();
  });
  after(() => {
    delete (globalThis as { document?: Document }).document;
  });

  function render(state: ThreadView, sanitize: Sanitizer | undefined = createSanitizer(dom.window)): HTMLElement {
    const node = renderThread(state, { post: (m) => posted.push(m), drafts: store, sanitize });
    dom.window.document.body.replaceChildren(node); // ids are unique per page
    return node;
  }
  const click = (node: Element | null) => {
    assert.ok(node, 'the control is there');
    node.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true }));
  };

  it('shows the ask, its code, status, topic and each reply with author and avatar; text stays text', () => {
    const page = render(thread({ replies: [reply(), reply({ nodeId: 'r2', author: 'grace-hopper', kind: 'review' })] }));
    assert.equal(page.querySelector('h2')?.textContent, 'Asked @grace');
    assert.equal(page.querySelector('.question')?.textContent, 'Why <b>this</b>?');
    assert.equal(page.querySelector('.code code')?.textContent, 'x()');
    assert.equal(page.querySelector('.badge')?.getAttribute('aria-label'), 'Status: open');
    assert.equal(page.querySelector('.chip')?.textContent, 'testing');
    assert.deepEqual(
      [...page.querySelectorAll('.reply .author')].map((a) => a.textContent),
      ['@grace', '@grace-hopper'],
    );
    assert.deepEqual(
      [...page.querySelectorAll('.reply .avatar')].map((a) => a.textContent),
      ['G', 'GH'],
    );
    assert.equal(page.querySelector('.reply .body.text')?.textContent, '**md** <b>as text</b>');
    assert.equal(page.querySelector('.reply b'), null, 'markdown source is never parsed as HTML');
    assert.equal(initials('x'), 'X');
  });

  it("renders a partner's question as markdown through the sanitizer: code blocks, code spans and emphasis, no raw HTML", () => {
    const question =
      'Why does `as never` _drop_ a key?\n\n```ts\ntype A = { [K in keyof T as never]: T[K] };\n```\n<img src=x onerror="document.title=1"> [run](command:evil)';
    const page = render(thread({ direction: 'received', question, questionHTML: questionHtml(question) }));
    const body = page.querySelector('.question');
    assert.ok(body?.classList.contains('html'));
    assert.equal(body?.querySelector('code')?.textContent, 'as never');
    assert.equal(body?.querySelector('em')?.textContent, 'drop');
    assert.match(body?.querySelector('pre code')?.textContent ?? '', /^type A = \{ \[K in keyof T as never\]: T\[K\] \};/);
    assert.doesNotMatch(body?.textContent ?? '', /```|`as never`|_drop_/, 'no markdown syntax left showing');
    assert.equal(body?.querySelectorAll('img, [onerror], a[href^="command:"]').length, 0);
    // Hostile HTML arriving as the question's HTML is sanitized like a reply's.
    const hostile = render(thread({ questionHTML: xssPayloads.map((p) => p.html).join('\n') }));
    assert.equal(
      hostile.querySelectorAll('.question script, .question img, .question svg, .question iframe, .question [onerror], .question [style]').length,
      0,
    );
    assert.notEqual(dom.window.document.title, TRAP_TITLE);
  });

  it("renders GitHub's HTML sanitized, and hostile HTML does nothing", () => {
    const page = render(
      thread({
        replies: xssPayloads
          .map((p, i) => reply({ nodeId: `r${i}`, bodyHTML: p.html }))
          .concat(reply({ nodeId: 'ok', bodyHTML: '<p>See <a href="https://example.com/x">this</a></p>' })),
      }),
    );
    assert.equal(
      page.querySelectorAll('.reply .body.html, .reply .body.plain').length,
      xssPayloads.length + 1,
      'every reply has a body: sanitized HTML, or text where nothing would be left',
    );
    assert.equal(
      page.querySelectorAll('.body.html script, .body.html img, .body.html svg, .body.html iframe, .body.html form, .body.html [style], .body.html [onerror]')
        .length,
      0,
    );
    assert.notEqual(dom.window.document.title, TRAP_TITLE);
    for (const link of page.querySelectorAll('.body.html a')) click(link);
    assert.ok(
      posted.every((m) => m.type === 'openExternal' && /^https:\/\//.test(m.url)),
      JSON.stringify(posted),
    );
    assert.ok(posted.some((m) => m.type === 'openExternal' && m.url === 'https://example.com/x'));
  });

  it('shows a reply nested too deep as plain text with a note, and every other reply as usual', () => {
    const deep = `${'<div>'.repeat(MAX_NESTING_DEPTH + 50)}<b>deep</b> reply${'</div>'.repeat(MAX_NESTING_DEPTH + 50)}`;
    const page = render(
      thread({
        replies: [
          reply({ nodeId: 'a', bodyHTML: '<p>first <em>reply</em></p>' }),
          reply({ nodeId: 'b', body: '', bodyHTML: deep }),
          reply({ nodeId: 'c', body: '**deep** reply as markdown', bodyHTML: deep }),
          reply({ nodeId: 'd', bodyHTML: '<p>last reply</p>' }),
        ],
      }),
    );
    const bodies = [...page.querySelectorAll('ol.replies > li .body')];
    assert.deepEqual(
      bodies.map((b) => b.className),
      ['body html', 'body text plain', 'body text plain', 'body html'],
    );
    assert.equal(bodies[0]?.querySelector('em')?.textContent, 'reply');
    assert.equal(bodies[1]?.textContent, `${PLAIN_TEXT_NOTE}deep reply`, 'no markdown source: the text of an inert parse');
    assert.equal(bodies[2]?.textContent, `${PLAIN_TEXT_NOTE}**deep** reply as markdown`, 'the markdown source, as text');
    assert.equal(bodies[1]?.querySelector('b, div div div'), null, 'nothing of the HTML is kept');
    assert.equal(bodies[3]?.textContent, 'last reply');
    assert.ok(page.querySelector('#reply-input'), 'the rest of the thread is there');
  });

  it('shows a reply as plain text when the sanitizer throws (as DOMPurify does on jsdom past ~4,000 levels), and keeps the others', () => {
    const real = createSanitizer(dom.window)!;
    const throwing: Sanitizer = (html) => {
      if (html.includes('boom')) throw new RangeError('Maximum call stack size exceeded');
      return real(html);
    };
    const page = render(
      thread({
        replies: [
          reply({ nodeId: 'a', bodyHTML: '<p>before</p>' }),
          reply({ nodeId: 'b', body: 'boom <script>x()</script>', bodyHTML: '<div>boom</div>' }),
          reply({ nodeId: 'c', bodyHTML: '<p>after</p>' }),
        ],
      }),
      throwing,
    );
    assert.deepEqual(
      [...page.querySelectorAll('ol.replies > li .body')].map((b) => b.textContent),
      ['before', `${PLAIN_TEXT_NOTE}boom <script>x()</script>`, 'after'],
    );
    assert.equal(page.querySelector('.body script'), null);
  });

  it('posts the thread actions the buttons stand for', () => {
    const page = render(thread({ replies: [reply({ suggestions: ['a', 'b\nc'] })] }));
    for (const id of ['#apply-0-1', '#resolve', '#go-to-code', '#learned-0', '#mark-learned', '#open-github', '#open-reply-0']) click(page.querySelector(id));
    assert.deepEqual(posted, [
      { type: 'applySuggestion', askId: 'ask-1', replyId: 'r1', index: 1 },
      { type: 'setResolved', askId: 'ask-1', resolved: true },
      { type: 'revealCode', askId: 'ask-1' },
      { type: 'markLearned', askId: 'ask-1', replyId: 'r1' },
      { type: 'markLearned', askId: 'ask-1', replyId: null },
      { type: 'openExternal', url: 'https://github.com/ada/lru/pull/1#discussion_r1' },
      { type: 'openExternal', url: 'https://github.com/ada/lru/pull/1#discussion_r2' },
    ]);
    assert.match(page.querySelector('#apply-0-1')?.getAttribute('aria-label') ?? '', /Apply suggested change 2 of 2 from @grace to src\/a\.ts, line 3/);
  });

  it('says Applied, disabled, for a suggestion already in the file, and why one whose lines changed cannot be applied', () => {
    const page = render(thread({ replies: [reply({ suggestions: ['a', 'b', 'c'], suggestionStates: ['applied', 'changed'] })] }));
    const [applied, changed, ready] = ['#apply-0-0', '#apply-0-1', '#apply-0-2'].map((id) => page.querySelector<HTMLButtonElement>(id));
    assert.equal(applied?.textContent, 'Applied');
    assert.equal(applied?.disabled, true);
    assert.equal(changed?.textContent, 'Cannot apply');
    assert.equal(changed?.disabled, true);
    assert.match(page.querySelector('.suggestion.changed')?.textContent ?? '', /changed in your copy since the ask/);
    assert.equal(ready?.textContent, 'Apply suggestion', 'a missing state is ready');
    for (const b of [applied, changed, ready]) click(b);
    assert.deepEqual(posted, [{ type: 'applySuggestion', askId: 'ask-1', replyId: 'r1', index: 2 }]);
  });

  it('offers Resolve/Unresolve only where the thread can be resolved, and no "learned" on your own reply', () => {
    assert.equal(render(thread({ canResolve: false })).querySelector('#resolve'), null);
    const resolved = render(thread({ resolved: true }));
    assert.equal(resolved.querySelector('#resolve')?.textContent, 'Unresolve');
    click(resolved.querySelector('#resolve'));
    assert.deepEqual(posted, [{ type: 'setResolved', askId: 'ask-1', resolved: false }]);
    assert.equal(render(thread({ replies: [reply({ author: 'ada' })] })).querySelector('#learned-0'), null);
    assert.equal(render(thread({ code: null })).querySelector('#go-to-code'), null);
  });

  it('replies with Ctrl+Enter, keeps the draft per ask, refuses an empty reply, and shows sending and errors', () => {
    drafts.set('ask-1', 'kept while hidden');
    const page = render(thread());
    const input = page.querySelector('textarea');
    assert.ok(input);
    assert.equal(input.value, 'kept while hidden');
    input.value = 'Thanks, that works';
    input.dispatchEvent(new dom.window.Event('input'));
    assert.equal(drafts.get('ask-1'), 'Thanks, that works');
    input.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, cancelable: true }));
    assert.deepEqual(posted, [{ type: 'reply', askId: 'ask-1', body: 'Thanks, that works' }]);
    input.value = '   ';
    click(page.querySelector('#send-reply'));
    assert.equal(posted.length, 1);
    assert.equal(input.getAttribute('aria-invalid'), 'true');

    const sending = render(thread({ replySending: true, replyError: 'GitHub said no' }));
    assert.equal(sending.querySelector('textarea')?.disabled, true);
    assert.equal(sending.querySelector('#send-reply')?.textContent, 'Sending…');
    assert.equal(sending.querySelector('[role="alert"]')?.textContent, 'GitHub said no');
    assert.equal(render(thread({ canReply: false })).querySelector('textarea'), null);
  });
});
