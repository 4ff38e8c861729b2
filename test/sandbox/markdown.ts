// GitHub-flavoured markdown to HTML, sanitized the way GitHub sanitizes rendered bodies: no scripts,
// no event handlers, no `javascript:` URLs, no inline styles. @mentions become user links.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: true, linkify: true, breaks: false });

const allowedTags = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'blockquote',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
  'em',
  'strong',
  'del',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'img',
  'details',
  'summary',
  'div',
  'span',
  'input',
];

export function renderMarkdown(text: string, webBase: string): string {
  const withMentions = text.replace(/(^|[^\w`/])@([A-Z0-9][A-Z0-9-]{0,38})\b/gi, (_, pre: string, login: string) => `${pre}[@${login}](${webBase}/${login})`);
  const html = md.render(withMentions);
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'class', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      code: ['class'],
      pre: ['lang'],
      input: ['type', 'checked', 'disabled'],
      th: ['align'],
      td: ['align'],
      '*': ['dir'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        const mention = attribs.href?.startsWith(`${webBase}/`) && !attribs.href.slice(webBase.length + 1).includes('/');
        return { tagName, attribs: { ...attribs, rel: 'nofollow', ...(mention ? { class: 'user-mention' } : {}) } };
      },
    },
  }).trim();
}
