import { strict as assert } from 'node:assert';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import type { ReplyItem, ThreadView } from '../../../src/shared/webviewProtocol';
import { createSanitizer, UnsafeBodyError, type Sanitizer } from '../../../src/webview/sanitize';
import { renderThread } from '../../../src/webview/thread';
import { CORPUS_SOURCES, loadXssCorpus, sampleXssCorpus, type CorpusVector } from '../../fixtures/xssCorpus';
import { TRAP_GLOBAL, TRAP_TITLE } from '../../fixtures/xssPayloads';

// Every vector of the vendored public corpus (test/fixtures/xss-corpus/: payloadbox/xss-payload-list,
// DOMPurify's own test payloads, the HTML5 Security Cheatsheet) through the sanitizer, and through
// the thread's reply rendering, on a jsdom that RUNS scripts, with traps on every way a vector calls home.

const ALLOWED = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
]);
const URL_ATTRS = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'longdesc', 'codebase']);
const XHTML = 'http://www.w3.org/1999/xhtml';

/** What is wrong with sanitized output under `root`, as readable strings (empty when clean). */
export function corpusProblems(root: Element | DocumentFragment): string[] {
  const found: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    const tag = node.localName;
    if (!ALLOWED.has(tag) || node.namespaceURI !== XHTML) found.push(`<${tag}> (${node.namespaceURI ?? ''})`);
    for (const attr of node.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') found.push(`${tag}[${name}]`);
      if (URL_ATTRS.has(name) && !/^(?:https?:\/\/|mailto:)/i.test(attr.value)) found.push(`${tag}[${name}=${attr.value.slice(0, 60)}]`);
    }
  }
  return found;
}

describe('webview/sanitize against a public XSS corpus', () => {
  const corpus = loadXssCorpus(path.resolve(import.meta.dirname, '../../fixtures/xss-corpus'));
  let dom: JSDOM;
  let sanitize: Sanitizer;
  let hits: string[];

  before(() => {
    // runScripts: anything that reached the live document and ran would spring a trap.
    dom = new JSDOM('<!DOCTYPE html><html><head><title>Replies</title></head><body></body></html>', { runScripts: 'dangerously', pretendToBeVisual: true });
    hits = [];
    const w = dom.window as unknown as Record<string, unknown>;
    for (const name of [TRAP_GLOBAL, 'alert', 'prompt', 'confirm', 'print', 'open'])
      w[name] = (...args: unknown[]) => void hits.push(`${name}(${args.map(String).join(',')})`);
    dom.window.eval(`window.${TRAP_GLOBAL}('self-test')`);
    assert.deepEqual(hits, ['__mmTrap(self-test)'], 'the trap works: jsdom runs scripts here');
    hits = [];
    const made = createSanitizer(dom.window);
    assert.ok(made);
    sanitize = made;
    (globalThis as { document?: Document }).document = dom.window.document;
  });
  after(() => {
    delete (globalThis as { document?: Document }).document;
    dom.window.close();
  });

  it(`has several thousand distinct vectors from ${CORPUS_SOURCES.length} sources`, () => {
    const counts = Object.fromEntries(CORPUS_SOURCES.map((s) => [s, corpus.filter((v) => v.id.startsWith(`${s}:`)).length]));
    console.log(`      corpus: ${corpus.length} vectors ${JSON.stringify(counts)}`);
    assert.ok(corpus.length > 5000, String(corpus.length));
    for (const source of CORPUS_SOURCES) assert.ok((counts[source] ?? 0) > 100, `${source}: ${counts[source]}`);
  });

  // jsdom takes a few milliseconds per body (a new document each time), so the corpus goes in slices
  // of 1,000, each its own test, with room for a loaded machine.
  const SLICE = 1000;
  for (let from = 0; from < corpus.length; from += SLICE) {
    const slice = corpus.slice(from, from + SLICE);
    it(`sanitizes vectors ${from + 1}–${from + slice.length} to allow-listed, inert markup (or refuses them, with text to show)`, function () {
      this.timeout(180_000);
      const started = Date.now();
      const failures: string[] = [];
      let refused = 0;
      const container = dom.window.document.createElement('div');
      dom.window.document.body.replaceChildren(container);
      for (const vector of slice) {
        try {
          container.replaceChildren(sanitize(vector.html));
        } catch (error) {
          if (!(error instanceof UnsafeBodyError)) failures.push(`${vector.id}: threw ${String(error)}`);
          refused++;
          continue;
        }
        const found = corpusProblems(container);
        if (found.length) failures.push(`${vector.id}: ${found.join(', ')} in ${container.innerHTML.slice(0, 200)}`);
      }
      console.log(`      ${slice.length} vectors sanitized in ${Date.now() - started} ms; ${refused} refused (shown as text)`);
      assert.deepEqual(failures.slice(0, 20), [], `${failures.length} vectors left something dangerous`);
      assert.deepEqual(hits, [], 'no vector ran');
      assert.equal(dom.window.document.title, 'Replies', TRAP_TITLE);
    });
  }

  // jsdom takes a few milliseconds per body, so the whole page gets every tenth vector (the sanitizer got all).
  const sample = sampleXssCorpus(corpus, Math.ceil(corpus.length / 10));
  it(`renders ${sample.length} vectors (every tenth) as replies in a thread: each reply shows, none leaves anything dangerous, none runs`, function () {
    this.timeout(180_000);
    const started = Date.now();
    const failures: string[] = [];
    const chunk = 100;
    for (let i = 0; i < sample.length; i += chunk) {
      const vectors: CorpusVector[] = sample.slice(i, i + chunk);
      const page = renderThread(thread(vectors), { post: () => undefined, drafts: { get: () => '', set: () => undefined }, sanitize });
      dom.window.document.body.replaceChildren(page);
      const items = page.querySelectorAll('ol.replies > li.reply');
      if (items.length !== vectors.length) failures.push(`chunk ${i}: ${items.length} of ${vectors.length} replies shown`);
      items.forEach((item, j) => {
        const body = item.querySelector('.body');
        const id = vectors[j].id;
        if (!body) failures.push(`${id}: no body`);
        else if (body.classList.contains('html')) failures.push(...corpusProblems(body).map((p) => `${id}: ${p}`));
        else if (body.querySelector(':not(p, span, div)')) failures.push(`${id}: a text body holds ${body.innerHTML.slice(0, 100)}`);
      });
    }
    console.log(`      ${sample.length} replies rendered in ${Date.now() - started} ms`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} problems`);
    assert.deepEqual(hits, [], 'no vector ran');
    assert.equal(dom.window.document.title, 'Replies');
  });
});

function thread(vectors: readonly CorpusVector[]): ThreadView {
  const replies: ReplyItem[] = vectors.map((v, i) => ({
    nodeId: `r${i}`,
    kind: 'issueComment',
    author: 'mallory',
    createdAt: '2026-11-21T05:04:00Z',
    body: v.html,
    bodyHTML: v.html,
    url: 'https://github.com/ada/lru/issues/1#issuecomment-1',
    suggestions: [],
    suggestionStates: [],
  }));
  return {
    kind: 'thread',
    account: { state: 'signedIn', login: 'ada', host: 'github.com' },
    askId: 'ask-1',
    title: 'Asked @mallory',
    partner: 'mallory',
    direction: 'sent',
    question: 'q',
    questionHTML: '',
    location: 'src/a.ts, line 3',
    topic: null,
    code: null,
    status: 'open',
    state: 'open',
    url: null,
    canResolve: false,
    resolved: false,
    canReply: false,
    replySending: false,
    replyError: null,
    notice: null,
    replies,
  };
}
