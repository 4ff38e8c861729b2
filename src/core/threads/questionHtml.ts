// An ask's question as HTML for the Replies panel. Replies come with GitHub's rendered bodyHTML; an
// ask does not (it is the text after the marker is taken off), so its markdown is rendered here, with
// raw HTML off (any tag in the text shows as text), no images kept as images, and links only to
// web and mail addresses. The webview sanitizes the result once more with the same DOMPurify
// allow-list as GitHub's HTML (src/webview/sanitize.ts): this is never put on a page unsanitized.
import MarkdownIt from 'markdown-it';

/** A question longer than this is shown as plain text rather than parsed (GitHub's body limit). */
const MAX_MARKDOWN = 65_536;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// An image becomes its alt text: the panel loads nothing from the network.
md.renderer.rules.image = (tokens, idx, options, env, self) => md.utils.escapeHtml(self.renderInlineAsText(tokens[idx]?.children ?? [], options, env));

/** The question rendered as HTML (to be sanitized by the page), or '' when it is better shown as text. */
export function questionHtml(markdown: string): string {
  if (markdown.length > MAX_MARKDOWN || markdown.trim() === '') return '';
  return md.render(markdown);
}
