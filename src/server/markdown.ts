// Markdown the server shows in hovers. A reply body is untrusted (anyone who can comment wrote it):
// no HTML, no images (no remote loads), links only to web and mail addresses, no command links.
// Editors render hovers as untrusted markdown too; this does not rely on that.

const MAX_BODY = 2000;
/** Fenced code blocks and inline code spans: their content is shown literally, so left as it is. */
const CODE = /(```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]+`)/;
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/** Escapes text so markdown shows it literally (logins, questions). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A reply body made safe to render as markdown, shortened to about `max` characters. */
export function untrustedMarkdown(body: string, max = MAX_BODY): string {
  let text = body.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim();
  if (text.length > max) text = `${text.slice(0, max).trimEnd()}…`;
  const parts = text.split(CODE);
  const out = parts.map((part, i) => (i % 2 === 1 ? part : cleanProse(part))).join('');
  // A block cut short stays a block.
  const fences = out.match(/^```/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${out}\n\`\`\`` : out;
}

function cleanProse(text: string): string {
  return text
    // Autolinks keep their address as text; other tags go.
    .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/gi, '$1')
    .replace(/<\/?[A-Z!?][^>]*>?/gi, '')
    .replace(/</g, '&lt;')
    // Images become their alt text: a hover must not load anything.
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    // Inline links: only web and mail targets stay links.
    .replace(/\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) => (SAFE_URL.test(url) ? `[${label}](${url})` : label))
    // Link reference definitions to anything else are dropped.
    .replace(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$/gm, (line, url: string) => (SAFE_URL.test(url) ? line : ''))
    .replace(/\b(command|vscode|file|javascript|data):/gi, '$1\\:');
}
