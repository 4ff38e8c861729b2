import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { escapeMarkdown, untrustedMarkdown, webLink } from '../../../src/server/markdown';
import { sentTagHover } from '../../../src/server/tagFeatures';

// The output is read back by the most permissive renderer: raw HTML on and every link target accepted (markdown-it
// itself refuses javascript: and friends; an editor's renderer might not). What it renders must be inert.
const reader = new MarkdownIt({ html: true, linkify: false });
reader.validateLink = () => true;
const ALLOWED_TAGS = new Set(['p', 'em', 'strong', 's', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'br']);

function assertInert(markdown: string, source: string): string {
  const html = reader.render(markdown);
  const context = `\nsource: ${JSON.stringify(source)}\nmarkdown: ${JSON.stringify(markdown)}\nhtml: ${html}`;
  for (const [, tag] of html.matchAll(/<\/?([a-z][a-z0-9]*)/g)) assert.ok(ALLOWED_TAGS.has(tag), `tag <${tag}>${context}`);
  for (const [, href] of html.matchAll(/ href="([^"]*)"/g)) assert.match(href, /^https?:\/\//, `href${context}`);
  assert.doesNotMatch(html, /<img/, `image${context}`);
  return html;
}

/** The hover markdown of `source`, checked inert; returns the HTML a renderer makes of it. */
function hover(source: string): { markdown: string; html: string } {
  const markdown = untrustedMarkdown(source);
  return { markdown, html: assertInert(markdown, source) };
}

describe('server/markdown', () => {
  describe('links that used to get through are inert', () => {
    const bypasses: [string, string][] = [
      ['a single-quoted title', "[x](command:workbench.action.terminal.new 'a')"],
      ['a parenthesised title', '[x](command:workbench.action.terminal.new (t))'],
      ['a javascript: link with a single-quoted title', "[x](javascript:alert%281%29 'a')"],
      ['an entity-encoded colon', "[x](command&#58;foo 't')"],
      ['an entity-encoded colon in a label with brackets', '[a [b] c](javascript&#58;alert(1))'],
      ['a reference definition inside a block quote', '> [r]: command:foo\n\n[x][r]'],
      ['a reference definition inside a list item', '- [r]: vscode:foo\n\n[x][r]'],
      ['a vscode: link with a title', "[x](vscode://ms-vscode.foo/run 'a')"],
    ];
    for (const [what, source] of bypasses) {
      it(what, () => {
        const { markdown, html } = hover(source);
        assert.doesNotMatch(html, /href/, html);
        assert.match(markdown, /^\S/, 'something of it is shown');
      });
    }

    it('a reference-style image to a remote pixel shows its alt text and loads nothing', () => {
      const { markdown } = hover('Thanks! ![a pixel][ref]\n\n[ref]: https://tracker.example/pixel.png');
      assert.equal(markdown, 'Thanks\\! a pixel');
    });
  });

  it('keeps http(s) links as their label and a visible address, everything else as its label', () => {
    assert.equal(
      untrustedMarkdown('See [the docs](https://example.com/a_(b) "title") and <http://x.test/p>.'),
      'See the docs (<https://example.com/a_(b)>) and <http://x.test/p>\\.',
    );
    assert.equal(untrustedMarkdown('[https://example.com](https://example.com)'), '<https://example.com/>');
    assert.equal(
      untrustedMarkdown('[rel](./a.md) [mail](mailto:a@b.c) [proto](//evil.test) [data](data:text/html,x)'),
      'rel mail proto \\[data\\]\\(data\\:text/html,x\\)',
      'markdown-it does not even parse a data: link',
    );
    const { html } = hover('[**bold [inner] _link_**](https://ex.test) [![img](https://i.test/p.png)](https://ex.test)');
    assert.equal(
      html,
      '<p><strong>bold [inner] <em>link</em></strong> (<a href="https://ex.test/">https://ex.test/</a>) img (<a href="https://ex.test/">https://ex.test/</a>)</p>\n',
    );
  });

  it('keeps code literal but inert', () => {
    const { markdown, html } = hover('Try `[x](javascript:alert(1))` or ``a ` b``:\n\n```ts\nconst m = new Map<string, number>(); // ```\n```');
    assert.match(html, /<code>\[x\]\(javascript:alert\(1\)\)<\/code>/);
    assert.match(html, /<code>a ` b<\/code>/);
    assert.match(html, /<pre><code class="language-ts">const m = new Map&lt;string, number&gt;\(\); \/\/ ```\n<\/code><\/pre>/);
    assert.match(markdown, /^````ts$/m);
  });

  it('shows hostile HTML as text', () => {
    const { html } = hover('<img src=x onerror=alert(1)> <a href=javascript:alert(1)>go</a> <script>x</script>\n\n<div onclick="x">\nblock\n</div>');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;a href=javascript:alert\(1\)&gt;go&lt;\/a&gt;/);
    assert.equal(untrustedMarkdown('a <!-- mutual-mentor {"v":1} --> b <!-- open'), 'a  b');
  });

  it('keeps the structure a reply needs: emphasis, lists, quotes, breaks', () => {
    const { html } = hover('# Why\n\n*one* __two__ ~~three~~\n\n1. a\n2. b\n   - c\n\n> quoted\n> > twice\n\nline  \nbreak');
    assert.equal(
      html,
      [
        '<p><strong>Why</strong></p>',
        '<p><em>one</em> <strong>two</strong> <s>three</s></p>',
        '<ol>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ol>',
        '<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>twice</p>\n</blockquote>\n</blockquote>',
        '<p>line<br>\nbreak</p>\n',
      ].join('\n'),
    );
  });

  it('cuts a long body and keeps a cut-off code block closed', () => {
    assert.match(untrustedMarkdown('```\nlong'.padEnd(3000, 'x'), 100), /^```\nlongx+…\n```$/);
    assert.ok(untrustedMarkdown('word '.repeat(1000)).length < 2100);
    assert.equal(untrustedMarkdown('ab😀', 3), 'ab…', 'no half of a surrogate pair');
  });

  it('is inert for any mix of markdown syntax (fuzzed)', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '!',
      '`',
      '*',
      '_',
      '~',
      '&#58;',
      '&#x3a;',
      ':',
      '\\',
      "'",
      '"',
      ' ',
      '\n',
      '\n\n',
      '> ',
      '- ',
      '1. ',
      '    ',
      '```',
      'x',
      '[r]: ',
      '[r]',
      'javascript:alert(1)',
      'command:foo',
      'vscode:x',
      'file:///etc',
      'data:image/png,x',
      'https://t.test/p.png',
      'http://a',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:x">',
      '</a>',
      '<b>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        hover(pieces.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('takes linear time on adversarial input: 4× the input, well under 10× the time', function () {
    this.timeout(120_000);
    const unit = fc.constantFrom('[', '](', '[a](', '![', '*', '_', '**a', '`', '``a', '<', '<a', ' ', '> ', '\\', '&#', '[a]: <', '\n- ', '\n>');
    const shape = fc.array(unit, { minLength: 1, maxLength: 3 }).map((units) => units.join(''));
    const make = (pattern: string, size: number): string => pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
    const n = 8000;
    const median = (times: number[]): number => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    /** Nanoseconds `calls` renders of `input` take. */
    const timeOf = (input: string, calls: number): number => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) untrustedMarkdown(input, 8 * n);
      return Number(process.hrtime.bigint() - start);
    };
    const ratio = (pattern: string): number => {
      const small = make(pattern, n);
      const large = make(pattern, 4 * n);
      // Enough calls per measurement that the small input takes about 10 ms (some shapes parse in microseconds,
      // where a scheduler hiccup or a garbage collection would decide the ratio).
      const calls = Math.min(1000, Math.ceil(1e7 / Math.max(timeOf(small, 1), 1)));
      const smallTimes: number[] = [];
      const largeTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        // Interleaved, so a burst of load on the machine hits both sizes.
        smallTimes.push(timeOf(small, calls));
        largeTimes.push(timeOf(large, calls));
      }
      return median(largeTimes) / median(smallTimes);
    };
    fc.assert(
      fc.property(shape, (pattern) => {
        // Up to three measurements: on a busy machine one can come out high for a linear shape, but a super-linear
        // shape (16× for quadratic) measures above 10× every time.
        const ratios: number[] = [];
        while (ratios.length < 3 && !ratios.some((r) => r < 10)) ratios.push(ratio(pattern));
        assert.ok(
          ratios.some((r) => r < 10),
          `${JSON.stringify(pattern)}: ${ratios.map((r) => r.toFixed(1)).join('×, ')}× the time for 4× the input`,
        );
      }),
      { numRuns: 10, endOnFailure: true, examples: [['['], [']('], ['*'], ['_'], ['`'], ['<'], [' '], ['>'], ['> '], ['[a]('], ['\\']] },
    );
  });

  it('escapes text and keeps only web links for trusted labels', () => {
    assert.equal(escapeMarkdown('*bold* [x](y)'), '\\*bold\\* \\[x\\]\\(y\\)');
    assert.equal(webLink('Open', 'https://x.test/a)b'), '[Open](https://x.test/a%29b)');
    assert.equal(webLink('Open', 'command:foo'), 'Open');
    const tag = { line: 0, startCharacter: 0, endCharacter: 5, login: 'alice', question: 'why?', url: 'https://x.test/)[run](command:evil)' };
    const { value } = sentTagHover(tag).contents as { value: string };
    assert.equal(assertInert(value, tag.url).match(/<a /g)?.length, 1, 'one link, to the web');
  });
});
