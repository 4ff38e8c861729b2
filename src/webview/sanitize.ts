// Sanitizes GitHub's rendered reply HTML (bodyHTML) once more inside the webview, with DOMPurify.
// GitHub already sanitizes it, but the page must not depend on that: a compromised host, a cache
// file edited on disk or a sandbox bug must still never run script, load anything, or navigate.
// Allow-list, not deny-list: only plain text structure survives. No class/id/style (a reply must
// not dress up as the panel's own buttons), no ARIA (it must not lie to screen readers), no images
// (the CSP blocks them anyway; each becomes its alt text, linked when its source is a web URL),
// task-list checkboxes become ☑/☐ text (no form controls). The result is a DOM fragment, never a
// string parsed again, so there is no serialize/parse round trip for mutation XSS to exploit.
// A body it cannot handle (nested too deep, DOMPurify throwing, or nothing left of a body that had
// text) is refused with an UnsafeBodyError carrying the body's text, which the caller shows as text.
import DOMPurify, { type Config, type WindowLike } from 'dompurify';

const ALLOWED_TAGS = [
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
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'colspan', 'rowspan', 'align', 'open', 'start', 'reversed', 'datetime', 'lang', 'dir', 'rel', 'abbr', 'scope'];
/** Never, even if a later edit widens the allow-list by mistake. */
const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
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
  'xmp',
  'plaintext',
];
const FORBID_ATTR = ['style', 'class', 'id', 'name', 'srcdoc', 'action', 'formaction', 'target', 'ping', 'download', 'background', 'src', 'srcset'];
/**
 * DOMPurify tests every allowed attribute value against this; values that look like a URL must be web
 * or mail links, anything without a scheme (a number, "center") passes. The href hook is stricter.
 */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const config: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  SAFE_FOR_XML: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM_FRAGMENT: true,
};

/** The link a sanitized href may keep: an absolute http(s) or mailto URL, else nothing. */
export function safeHref(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Only these leave the webview, as an `openExternal` message the host checks again. */
export function isOpenableUrl(value: string | null): value is string {
  return value !== null && /^https?:\/\//i.test(value) && safeHref(value) !== null;
}

/**
 * Bodies nested deeper than this are shown as text, not sanitized. Real replies nest a few levels
 * (lists in quotes in details); what goes deeper is an attack on the parser or the sanitizer.
 * Measured on jsdom 29 with DOMPurify 3.4 (Node 20's default stack): a `<div>` chain of 3,000 takes
 * 7 s and one of 5,000 overflows the stack in DOMPurify's deep `importNode` (RangeError: Maximum
 * call stack size exceeded) after 40 s; 20,000 and more come back empty after minutes, as DOMPurify
 * swallows its own parser's overflow. Chromium's parser flattens nesting past 512 levels, so in the
 * webview a deep body arrives 512 deep and stops here. Checking on an inert parse first is linear.
 */
export const MAX_NESTING_DEPTH = 256;

/** Why a body could not be sanitized, with its text (from an inert parse: never HTML) to show instead. */
export class UnsafeBodyError extends Error {
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
    this.name = 'UnsafeBodyError';
  }
}

/** Sanitized HTML as a fragment; throws UnsafeBodyError when the body cannot be shown as HTML. */
export type Sanitizer = (html: string) => DocumentFragment;

/** The deepest element nesting under `root` and all its text, walked without recursion. */
function measure(root: Node): { depth: number; text: string } {
  let depth = 0;
  const text: string[] = [];
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (node.nodeType === 3) text.push(node.nodeValue ?? '');
    else if (level > depth) depth = level;
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], level + 1]);
  }
  return { depth, text: text.join('') };
}

/**
 * A sanitizer bound to a window (the webview's, or jsdom's in tests). Returns undefined where
 * DOMPurify cannot work; the caller then shows the markdown source as text.
 */
export function createSanitizer(window: WindowLike): Sanitizer | undefined {
  const purify = DOMPurify(window);
  const Parser = (window as unknown as { DOMParser?: typeof DOMParser }).DOMParser;
  const ownDocument = window.document;
  if (!purify.isSupported || !Parser || !ownDocument) return undefined;

  purify.addHook('uponSanitizeElement', (node, data) => {
    if (!isElement(node) || !node.parentNode) return;
    const doc = node.ownerDocument;
    if (data.tagName === 'input' && node.getAttribute('type')?.toLowerCase() === 'checkbox') {
      // A task-list item: keep whether it is done, as text.
      node.parentNode.insertBefore(doc.createTextNode(node.hasAttribute('checked') ? '☑ ' : '☐ '), node);
    } else if (data.tagName === 'img') {
      const alt = (node.getAttribute('alt') ?? '').trim() || 'image';
      const src = safeHref(node.getAttribute('src'));
      const insideLink = node.closest('a') !== null;
      let replacement: Node = doc.createTextNode(`[${alt}]`);
      if (src && isOpenableUrl(src) && !insideLink) {
        const link = doc.createElement('a');
        link.setAttribute('href', src);
        link.setAttribute('rel', 'noopener noreferrer');
        link.setAttribute('title', src);
        link.append(replacement);
        replacement = link;
      }
      node.parentNode.insertBefore(replacement, node);
    }
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName.toLowerCase() !== 'a') return;
    const href = safeHref(node.getAttribute('href'));
    if (href) {
      node.setAttribute('href', href);
      node.setAttribute('rel', 'noopener noreferrer');
      if (!node.hasAttribute('title')) node.setAttribute('title', href);
    } else {
      node.removeAttribute('href');
      node.removeAttribute('rel');
    }
  });

  return (html) => {
    // An inert parse (no scripts, no loads) to measure the body before DOMPurify sees it.
    let inert: { depth: number; text: string };
    try {
      inert = measure(new Parser().parseFromString(html, 'text/html').body);
    } catch (error) {
      throw new UnsafeBodyError(`the body could not be parsed: ${String(error)}`, '');
    }
    if (inert.depth > MAX_NESTING_DEPTH) throw new UnsafeBodyError(`nested ${inert.depth} levels deep (at most ${MAX_NESTING_DEPTH})`, inert.text);
    let fragment: DocumentFragment;
    try {
      // Null when the parse has no body (a <frameset> document): nothing is left.
      fragment = purify.sanitize(html, config) ?? ownDocument.createDocumentFragment();
    } catch (error) {
      throw new UnsafeBodyError(`the sanitizer failed: ${String(error)}`, inert.text);
    }
    if (!fragment.textContent?.trim() && !fragment.firstElementChild && inert.text.trim()) {
      throw new UnsafeBodyError('nothing was left of the body after sanitizing', inert.text);
    }
    return fragment;
  };
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

/**
 * Makes every link under `container` open through `open` (web links only) and never navigate the
 * webview. Propagation stops here, before the webview host's own window-level link handler.
 */
export function handleLinks(container: HTMLElement, open: (url: string) => void): void {
  const onClick = (event: MouseEvent) => {
    const target = event.target as Element | null;
    const link = target?.closest?.('a');
    if (!link || !container.contains(link)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'auxclick' && event.button !== 1) return;
    const href = link.getAttribute('href');
    if (isOpenableUrl(href)) open(href);
  };
  container.addEventListener('click', onClick);
  container.addEventListener('auxclick', onClick);
}
