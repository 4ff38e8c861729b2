import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import { createSanitizer, handleLinks, isOpenableUrl, MAX_NESTING_DEPTH, safeHref, UnsafeBodyError, type Sanitizer } from '../../../src/webview/sanitize';
import { githubBodyHtml } from '../../fixtures/githubBodyHtml';
import { TRAP_COMMAND, TRAP_TITLE, xssPayloads } from '../../fixtures/xssPayloads';

const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'svg',
  'math',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'base',
  'meta',
  'link',
  'img',
  'picture',
  'source',
  'video',
  'audio',
  'template',
  'noscript',
  'title',
  'body',
  'head',
  'html',
]);

describe('webview/sanitize', () => {
  let dom: JSDOM;
  let sanitize: Sanitizer;

  before(() => {
    dom = new JSDOM('<!DOCTYPE html><html><head><title>Replies</title></head><body><main id="root"></main></body></html>');
    const made = createSanitizer(dom.window);
    assert.ok(made, 'DOMPurify works on jsdom');
    sanitize = made;
  });

  /** Sanitizes into a live container, as the page does, and returns it. */
  function render(html: string): HTMLElement {
    const container = dom.window.document.createElement('div');
    container.append(sanitize(html));
    dom.window.document.body.append(container);
    return container;
  }

  /** Every way the output could still be dangerous, as readable strings (empty when clean). */
  function problems(container: HTMLElement): string[] {
    const found: string[] = [];
    for (const node of container.querySelectorAll('*')) {
      const tag = node.localName;
      if (FORBIDDEN_TAGS.has(tag) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`<${tag}> (${node.namespaceURI ?? ''})`);
      for (const attr of node.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (
          ['style', 'class', 'id', 'name', 'srcdoc', 'src', 'srcset', 'action', 'formaction', 'target', 'role', 'tabindex', 'xlink:href'].includes(name) ||
          name.startsWith('aria-') ||
          name.startsWith('data-')
        )
          found.push(`${tag}[${name}]`);
      }
      const href = node.getAttribute('href');
      if (href !== null && (tag !== 'a' || !/^(?:https?:\/\/|mailto:)/.test(href))) found.push(`${tag}[href=${href}]`);
      if (tag === 'a' && href !== null && node.getAttribute('rel') !== 'noopener noreferrer') found.push(`a without rel=noopener: ${href}`);
    }
    if (
      /javascript:|command:|vscode:|vbscript:|data:/i.test(
        container.innerHTML
          .split('>')
          .map((part, i) => (i > 0 && part.includes('<') ? part.slice(part.indexOf('<')) : part))
          .join('>'),
      )
    )
      found.push('a dangerous scheme left in markup');
    return found;
  }

  it('the checker itself sees the danger in every payload left unsanitized', () => {
    // jsdom runs no scripts by default, so parsing the raw payloads here is harmless.
    const raw = (html: string) => {
      const container = dom.window.document.createElement('div');
      container.innerHTML = html;
      return container;
    };
    const missed = xssPayloads.filter((p) => problems(raw(p.html)).length === 0).map((p) => p.name);
    // Harmless even raw: a <body> tag inside a fragment is dropped by the parser, CDATA becomes a comment.
    assert.deepEqual(missed, ['body-onload', 'cdata']);
  });

  /** Sanitized into a container; a refused body (UnsafeBodyError) becomes its text, as the page shows it. */
  function renderOrText(html: string): HTMLElement {
    try {
      return render(html);
    } catch (error) {
      assert.ok(error instanceof UnsafeBodyError, String(error));
      const container = dom.window.document.createElement('div');
      container.textContent = error.text;
      return container;
    }
  }

  for (const payload of xssPayloads) {
    it(`neutralizes ${payload.name}`, () => {
      const container = renderOrText(payload.html);
      assert.deepEqual(problems(container), [], container.innerHTML);
      assert.notEqual(dom.window.document.title, TRAP_TITLE);
      // Serializing and parsing again (what a careless caller might do) must not wake anything up.
      const again = renderOrText(container.innerHTML);
      assert.deepEqual(problems(again), [], again.innerHTML);
    });
  }

  it('keeps GitHub markup readable: headings, lists, code, links, quotes, tables, task lists, emoji', () => {
    const container = render(githubBodyHtml);
    assert.deepEqual(problems(container), [], container.innerHTML);
    assert.equal(container.querySelector('h3')?.textContent, 'Why');
    assert.equal(container.querySelectorAll('ol > li').length, 2);
    assert.match(container.querySelector('pre')?.textContent ?? '', /this\.map\.size >= this\.capacity/);
    assert.equal(container.querySelector('pre span')?.getAttribute('class'), null, 'highlight classes are dropped, the text stays');
    assert.equal(container.querySelector('blockquote p')?.textContent, 'Make it work, make it right, make it fast.');
    assert.deepEqual(
      [...container.querySelectorAll('th')].map((th) => th.textContent),
      ['case', 'hits'],
    );
    assert.equal(container.querySelector('th[align="right"]')?.textContent, 'hits');
    assert.deepEqual(
      [...container.querySelectorAll('ul li')].map((li) => li.textContent?.trim()),
      ['☑  add a test for a full cache', '☐  benchmark get/set'],
    );
    assert.match(container.textContent ?? '', /🎉/);
    assert.equal(container.querySelector('details summary')?.textContent, 'Benchmark output');
    assert.equal(container.querySelectorAll('kbd').length, 2);
    const links = [...container.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    assert.deepEqual(links, [
      ['lruCache.ts#L28', 'https://github.com/ada/lru-cache/blob/main/src/lruCache.ts#L28'],
      ['Map docs', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Map'],
      ['@ada', 'https://github.com/ada'],
      ['[eviction diagram]', 'https://user-images.githubusercontent.com/1/diagram.png'],
      ['[hit rate chart]', 'https://user-images.githubusercontent.com/1/chart.png'],
      ['grace@example.com', 'mailto:grace@example.com'],
    ]);
  });

  it('turns images into their alt text, linked only when the source is a web URL and not already inside a link', () => {
    assert.equal(
      render('<p><img src="https://x.example/a.png" alt="a"></p>').innerHTML,
      '<p><a href="https://x.example/a.png" rel="noopener noreferrer" title="https://x.example/a.png">[a]</a></p>',
    );
    assert.equal(render('<p><img src="javascript:alert(1)"></p>').innerHTML, '<p>[image]</p>');
    assert.equal(render('<a href="https://x.example/"><img src="https://x.example/a.png" alt="a"></a>').querySelectorAll('a').length, 1);
    assert.equal(render('<a href="javascript:x"><img src="https://x.example/a.png" alt="a"></a>').innerHTML, '<a>[a]</a>', 'no link nested in a link');
  });

  it('drops hrefs that are relative or not web/mail links but keeps the link text', () => {
    const container = render('<a href="/ada">rel</a> <a href="#fn-1">note</a> <a href="command:x">cmd</a>');
    assert.equal(container.textContent, 'rel note cmd');
    assert.equal(container.querySelectorAll('a[href]').length, 0);
  });

  it('routes link clicks to the host (web links only) and never lets the page navigate', () => {
    const container = render(`<a href="https://github.com/ada">web</a> <a href="mailto:a@example.com">mail</a> <a>nothing</a>`);
    const link = dom.window.document.createElement('a');
    link.setAttribute('href', `command:${TRAP_COMMAND}`); // as if something slipped past the sanitizer
    link.textContent = 'trap';
    container.append(link);
    const opened: string[] = [];
    handleLinks(container, (url) => opened.push(url));
    let reachedWindow = 0;
    dom.window.addEventListener('click', () => reachedWindow++);
    const results = [...container.querySelectorAll('a')].map((a) => a.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true })));
    assert.deepEqual(results, [false, false, false, false], 'every click had its default prevented');
    assert.equal(reachedWindow, 0, "the webview host's own link handler never sees the click");
    assert.deepEqual(opened, ['https://github.com/ada']);
  });

  it(`refuses a body nested deeper than ${MAX_NESTING_DEPTH} levels before DOMPurify sees it, with the body's text to show instead`, () => {
    const nested = (depth: number, tag = 'div') => `<p>before</p>${`<${tag}>`.repeat(depth)}deep <b>text</b>${`</${tag}>`.repeat(depth)}<p>after</p>`;
    assert.equal(render(nested(MAX_NESTING_DEPTH - 1)).textContent, 'beforedeep textafter', 'as deep as allowed: sanitized as usual');
    for (const tag of ['div', 'blockquote', 'b', 'x-custom']) {
      assert.throws(
        () => sanitize(nested(MAX_NESTING_DEPTH + 20, tag)),
        (error: unknown) => {
          assert.ok(error instanceof UnsafeBodyError, String(error));
          assert.match(error.message, /nested 27\d levels deep/);
          assert.equal(error.text, 'beforedeep textafter');
          return true;
        },
        tag,
      );
    }
  });

  it('refuses a body with text of which nothing is left, and takes a <frameset> body (DOMPurify returns null) as empty', () => {
    assert.throws(
      () => sanitize('<svg><text>hello</text></svg>'),
      (e: unknown) => e instanceof UnsafeBodyError && e.text === 'hello',
    );
    assert.equal(render('<frameset onload="x()">test</frameset>').childNodes.length, 0);
    assert.equal(render('<hr>').innerHTML, '<hr>', 'no text to lose: not refused');
    assert.equal(render('').childNodes.length, 0);
  });

  it('safeHref and isOpenableUrl accept web links only', () => {
    assert.equal(safeHref(' https://github.com/a '), 'https://github.com/a');
    assert.equal(safeHref('mailto:a@b.c'), 'mailto:a@b.c');
    for (const bad of ['javascript:alert(1)', 'command:x', 'vscode://x', 'file:///etc', 'data:text/html,x', '/rel', '', null])
      assert.equal(safeHref(bad), null, String(bad));
    assert.equal(isOpenableUrl('mailto:a@b.c'), false);
    assert.equal(isOpenableUrl('https://github.com'), true);
  });
});
