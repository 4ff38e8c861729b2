import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver';
import { lensTitle, unreadMessage } from '../../../src/server/askFeatures';
import { escapeMarkdown, untrustedMarkdown } from '../../../src/server/markdown';
import { Session } from '../../../src/server/session';
import { isAsksParams, readSettings, type AskItem } from '../../../src/shared/lspProtocol';

const ask = (over: Partial<AskItem> = {}): AskItem => ({
  askId: 'a',
  startLine: 0,
  endLine: 0,
  status: 'exact',
  partner: 'grace',
  replies: 0,
  unread: 0,
  ...over,
});

describe('server/features', () => {
  it('renders a reply as untrusted markdown: no HTML, no images, no command or file links; code kept as it is', () => {
    const md = untrustedMarkdown(
      [
        'Use <b>this</b> <script>alert(1)</script> and `Map<K, V>`.',
        '![pixel](https://tracker.example/p.png) [docs](https://example.com) [run](command:workbench.action.terminal.new) [f](file:///etc/passwd)',
        '[ref]: command:evil',
        '```ts',
        'const m = new Map<string, number>();',
        '```',
        '<!-- mutual-mentor {"v":1} -->',
      ].join('\n'),
    );
    assert.doesNotMatch(md, /(?<!\\)<(?:b|script)|pixel\]|command:evil|\]\(command|\]\(file|mutual-mentor/);
    assert.match(md, /`Map<K, V>`/);
    assert.match(md, /new Map<string, number>\(\)/);
    assert.match(md, /docs \(<https:\/\/example\.com\/>\)/);
    assert.match(untrustedMarkdown('```\nlong'.padEnd(3000, 'x'), 100), /```$/, 'a cut-off code block is closed');
    assert.equal(escapeMarkdown('*bold* [x](y)'), '\\*bold\\* \\[x\\]\\(y\\)');
  });

  it('says what an ask is at in its lens', () => {
    assert.equal(lensTitle(ask({ replies: 2, unread: 1 })), 'asked @grace · 2 replies · 1 unread');
    assert.equal(lensTitle(ask({ direction: 'received', replies: 1, status: 'changed' })), '@grace asked you · 1 reply · code changed since');
    assert.equal(lensTitle(ask()), 'asked @grace · no reply yet');
  });

  it('names the partner once in an unread diagnostic, for asks sent and received', () => {
    const reply = (author: string) => ({ latestReply: { author, body: 'x' } });
    assert.equal(unreadMessage(ask({ unread: 1, ...reply('grace') })), '@grace replied to your ask — unread');
    assert.equal(unreadMessage(ask({ unread: 1, ...reply('linus') })), '@linus replied to your ask to @grace — unread');
    assert.equal(unreadMessage(ask({ direction: 'received', unread: 1, ...reply('grace') })), '@grace followed up on their ask to you — unread');
    assert.equal(unreadMessage(ask({ unread: 3, ...reply('grace') })), '3 unread replies on your ask to @grace');
    assert.equal(unreadMessage(ask({ direction: 'received', unread: 2 })), "2 unread replies on @grace's ask to you");
  });

  it('turns diagnostics off with the setting, and keeps asks per document', () => {
    const session = new Session({});
    const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, 'x();\n// ASK: why?\n');
    session.setAsks({ uri: doc.uri, asks: [ask({ startLine: 0, endLine: 0, unread: 1 })] });
    assert.deepEqual(
      session.diagnostics(doc).map((d) => d.code),
      ['unsentAsk', 'unreadReply'],
    );
    session.configure({ mutualMentor: { languageServer: { diagnostics: false }, tags: { exclude: ['x'] } } });
    assert.deepEqual(session.diagnostics(doc), []);
    assert.deepEqual(session.settings.exclude, ['x']);
    assert.equal(session.codeLenses(doc).length, 1);
    assert.equal(session.codeActions(doc, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, []).length, 0, 'no send for a plain client');
    const hover = session.hover(doc, { line: 1, character: 4 });
    assert.match((hover?.contents as MarkupContent).value, /not sent yet/);
  });

  it('validates pushed asks and settings', () => {
    assert.ok(isAsksParams({ uri: 'file:///a', asks: [ask()] }));
    assert.ok(!isAsksParams({ uri: 'file:///a', asks: [{ ...ask(), status: 'gone' }] }));
    assert.ok(!isAsksParams({ uri: 'file:///a', asks: [{ ...ask(), startLine: 3, endLine: 1 }] }));
    assert.ok(!isAsksParams({ uri: 'file:///a', asks: [{ ...ask(), latestReply: { author: 'x' } }] }));
    assert.deepEqual(readSettings(undefined), { diagnostics: true, exclude: [] });
    assert.deepEqual(readSettings({ diagnostics: false, exclude: ['a', 3] }), { diagnostics: false, exclude: ['a'] });
  });
});
