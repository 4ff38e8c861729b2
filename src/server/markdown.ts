// Markdown the server shows in hovers. A reply body is untrusted (anyone who can comment wrote it), so it is
// not cleaned with text replacements but parsed with markdown-it and rebuilt from an allow-list of its tokens:
// text, paragraphs, line breaks, emphasis, strikethrough, code (shown literally), lists, block quotes and
// headings (as bold lines). A link stays only if the parser resolved it to an http(s) address, and then shows
// that address (`label (<https://…>)`), so a label cannot disguise where it goes; any other link is its label.
// Images are their alt text (a hover loads nothing), HTML is shown as text, and every piece of text is escaped,
// so the editor's own markdown renderer cannot re-read it as a link, an image, HTML or a command.
// Editors render hovers as untrusted markdown too; this does not rely on that.

import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

const MAX_BODY = 2000;
/** The parser sees at most this many characters, whatever `max` a caller passes. */
const MAX_PARSED = 100_000;

// CommonMark plus ~~strikethrough~~; no raw HTML (it stays text), no bare-URL links, no typographic rewrites.
const parser = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false }).enable('strikethrough');

/** Escapes text so markdown shows it literally (logins, questions). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/**
 * Untrusted text, escaped as `escapeMarkdown` does and also `:` (so no `scheme:` in it can become a link, not even
 * with an editor's bare-URL linking), `=` (no setext heading underline) and `$` (no theme icon or math).
 */
function escapeProse(text: string): string {
  return escapeMarkdown(text).replace(/[:=$]/g, '\\$&');
}

/** The address as a normalised http(s) URL, or undefined for any other scheme, a relative link or garbage. */
export function webUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // The WHATWG serialiser percent-encodes spaces and angle brackets; this holds whatever it does.
  return /[\s<>]/.test(url.href) ? undefined : url.href;
}

/** A markdown link with a trusted label to an http(s) address, or the label alone for any other address. */
export function webLink(label: string, raw: string): string {
  const url = webUrl(raw);
  if (!url) return label;
  // Parentheses and backslashes encoded, so the destination cannot close early or be un-escaped.
  return `[${label}](${url.replace(/[()\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

/** A reply body made safe to render as markdown, shortened to about `max` characters. */
export function untrustedMarkdown(body: string, max = MAX_BODY): string {
  const limit = Math.min(max, MAX_PARSED);
  // Hidden comments (Mutual Mentor's own markers among them) go before the cut, so they do not use it up.
  let text = withoutComments(body.slice(0, 4 * limit).replace(/\r\n?/g, '\n')).trim();
  if (text.length > limit) {
    const cut = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
    text = `${text.slice(0, cut).trimEnd()}…`;
  }
  return render(parser.parse(text, {}));
}

function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('<!--'); open !== -1; open = text.indexOf('<!--', from)) {
    out += text.slice(from, open);
    const close = text.indexOf('-->', open + 4);
    from = close === -1 ? text.length : close + 3;
  }
  return out + text.slice(from);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A container the next lines sit in: a block quote (`> ` on every line) or a list item (its marker, then indent). */
interface Container {
  readonly quote: boolean;
  readonly marker: string;
  started: boolean;
}

/** Rebuilds markdown from the block tokens, keeping only the allow-listed kinds. */
function render(tokens: readonly Token[]): string {
  const lines: string[] = [];
  const containers: Container[] = [];
  let lastTight = false;
  const prefix = (blank: boolean): string => {
    let p = '';
    for (const c of containers) {
      if (c.started) p += c.quote ? c.marker : ' '.repeat(c.marker.length);
      else if (!blank) {
        // A container's first line carries its marker; a blank line before it belongs to the outer containers.
        p += c.marker;
        c.started = true;
      }
    }
    return blank ? p.trimEnd() : p;
  };
  const block = (text: string, tight = false): void => {
    if (lines.length > 0 && !(tight && lastTight)) lines.push(prefix(true));
    for (const line of text.split('\n')) lines.push(prefix(false) + line);
    lastTight = tight;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'blockquote_open':
        containers.push({ quote: true, marker: '> ', started: false });
        break;
      case 'list_item_open':
        containers.push({ quote: false, marker: /^\d{1,9}$/.test(t.info) ? `${t.info}. ` : '- ', started: false });
        break;
      case 'blockquote_close':
      case 'list_item_close':
        containers.pop();
        break;
      case 'paragraph_open':
      case 'heading_open': {
        const content = tokens[i + 1]?.type === 'inline' ? inline(tokens[i + 1].children ?? []) : '';
        if (content.trim() !== '') {
          if (t.type === 'paragraph_open') block(content, t.hidden);
          else block(`**${content.replace(/\\?\n/g, ' ')}**`);
        }
        break;
      }
      case 'fence':
      case 'code_block':
        block(codeBlock(t.content, t.type === 'fence' ? t.info : ''));
        break;
      default:
        // Inline runs are read with their paragraph or heading; list wrappers, rules and any HTML add nothing.
        break;
    }
  }
  return lines.join('\n');
}

/** Rebuilds one paragraph's or heading's inline tokens. */
function inline(tokens: readonly Token[]): string {
  let out = '';
  let plain = '';
  const links: { url: string | undefined; auto: boolean; out: number; plain: number }[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'text_special':
        out += escapeProse(t.content);
        plain += t.content;
        break;
      case 'code_inline':
        out += codeSpan(t.content);
        plain += t.content;
        break;
      case 'softbreak':
        out += '\n';
        plain += ' ';
        break;
      case 'hardbreak':
        out += '\\\n';
        plain += ' ';
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 's_open':
      case 's_close':
        out += '~~';
        break;
      case 'image': {
        // Never loaded: its alt text stands in.
        const alt = altText(t.children ?? []);
        out += escapeProse(alt);
        plain += alt;
        break;
      }
      case 'link_open':
        links.push({ url: webUrl(String(t.attrGet('href') ?? '')), auto: t.markup === 'autolink', out: out.length, plain: plain.length });
        break;
      case 'link_close': {
        const link = links.pop();
        if (!link?.url) break;
        const label = plain.slice(link.plain).trim();
        const shown = `<${link.url}>`;
        if (link.auto || label === '' || label === link.url || `${label}/` === link.url) out = out.slice(0, link.out) + shown;
        else out += ` (${shown})`;
        break;
      }
      default:
        // Anything else (inline HTML cannot occur with html off) adds nothing.
        break;
    }
  }
  return out;
}

function altText(tokens: readonly Token[]): string {
  let alt = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline') alt += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') alt += ' ';
    else if (t.type === 'image') alt += altText(t.children ?? []);
  }
  return alt;
}

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Inline code with a delimiter longer than any backtick run inside, so the content stays literal. */
function codeSpan(content: string): string {
  const ticks = '`'.repeat(longestRun(content, '`') + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '');
  return pad ? `${ticks} ${content} ${ticks}` : `${ticks}${content}${ticks}`;
}

/** A fenced block whose fence no line of its content can close; always closed, even if the body was cut inside it. */
function codeBlock(content: string, info: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
  const language = /^[\w+#.-]{1,20}/.exec(info.trim())?.[0] ?? '';
  const body = content.endsWith('\n') ? content.slice(0, -1) : content;
  return body === '' ? `${fence}${language}\n${fence}` : `${fence}${language}\n${body}\n${fence}`;
}
