// What the server shows for asks the extension pushed (mutualMentor/asks): a CodeLens on each,
// Information diagnostics on unread replies and on asks whose code was lost, a hover with the
// latest reply (untrusted markdown), and code actions running the extension's commands.
import { CodeActionKind, DiagnosticSeverity, MarkupKind, Range, type CodeAction, type CodeLens, type Diagnostic, type Hover } from 'vscode-languageserver';
import { ClientCommand, type AskItem } from '../shared/lspProtocol';
import { escapeMarkdown, untrustedMarkdown } from './markdown';
import { DIAGNOSTIC_SOURCE } from './tagFeatures';

export const UNREAD_CODE = 'unreadReply';
export const LOST_CODE = 'lostAsk';

/** What the server needs of a document: how many lines, and how long each is. */
export interface Lines {
  readonly lineCount: number;
  lineLength(line: number): number;
}

/** The lines an ask covers, clamped to the document; the first line when its code was lost. */
export function askRange(ask: AskItem, doc: Lines): Range {
  const last = Math.max(0, doc.lineCount - 1);
  if (ask.status === 'lost') return Range.create(0, 0, 0, doc.lineLength(0));
  const start = Math.min(ask.startLine, last);
  const end = Math.min(Math.max(ask.endLine, start), last);
  return Range.create(start, 0, end, doc.lineLength(end));
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const quote = (q: string | undefined) => (q ? `: "${q.length > 60 ? `${q.slice(0, 59)}…` : q}"` : '');

/** "asked @grace · 2 replies · 1 unread", or "@grace asked you · no reply yet". */
export function lensTitle(ask: AskItem): string {
  const parts = [ask.direction === 'received' ? `@${ask.partner} asked you` : `asked @${ask.partner}`];
  parts.push(ask.replies === 0 ? 'no reply yet' : count(ask.replies, 'reply', 'replies'));
  if (ask.unread > 0) parts.push(`${ask.unread} unread`);
  if (ask.status === 'changed') parts.push('code changed since');
  if (ask.status === 'lost')
    return `${ask.direction === 'received' ? `An ask from @${ask.partner}` : `An ask to @${ask.partner}`} lost its code in this file${quote(ask.question)} · open thread`;
  return parts.join(' · ');
}

export function askLenses(asks: readonly AskItem[], doc: Lines): CodeLens[] {
  return asks.map((ask) => ({
    range: askRange(ask, doc),
    command: { title: lensTitle(ask), command: ClientCommand.openAsk, arguments: [ask.askId] },
  }));
}

export function askDiagnostics(asks: readonly AskItem[], doc: Lines): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ask of asks) {
    const base = { range: askRange(ask, doc), severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE };
    if (ask.status === 'lost') {
      const whose = ask.direction === 'received' ? `@${ask.partner}'s ask` : `your ask to @${ask.partner}`;
      out.push({ ...base, code: LOST_CODE, message: `The code of ${whose}${quote(ask.question)} is no longer in this file.` });
    } else if (ask.unread > 0) {
      out.push({ ...base, code: UNREAD_CODE, message: unreadMessage(ask) });
    }
  }
  return out;
}

/**
 * "@grace replied to your ask — unread", "@grace followed up on their ask to you — unread",
 * "3 unread replies on your ask to @grace": the partner is named once.
 */
export function unreadMessage(ask: AskItem): string {
  const author = ask.latestReply?.author;
  const byPartner = author !== undefined && author.toLowerCase() === ask.partner.toLowerCase();
  if (ask.unread === 1 && author !== undefined) {
    if (ask.direction !== 'received')
      return byPartner ? `@${author} replied to your ask — unread` : `@${author} replied to your ask to @${ask.partner} — unread`;
    return byPartner ? `@${author} followed up on their ask to you — unread` : `@${author} replied on @${ask.partner}'s ask to you — unread`;
  }
  const replies = count(ask.unread, 'unread reply', 'unread replies');
  return ask.direction !== 'received' ? `${replies} on your ask to @${ask.partner}` : `${replies} on @${ask.partner}'s ask to you`;
}

/** The latest reply of the asks on a line, as untrusted markdown. Lost asks have no lines to hover. */
export function askHover(asks: readonly AskItem[], line: number, doc: Lines): Hover | undefined {
  const here = asks.filter((a) => a.status !== 'lost' && containsLine(askRange(a, doc), line));
  if (here.length === 0) return undefined;
  const sections = here.map((a) => {
    const head = `**${escapeMarkdown(lensTitle(a))}**${a.question ? `\n\n${escapeMarkdown(a.question)}` : ''}`;
    if (!a.latestReply) return head;
    return `${head}\n\n---\n\n**@${escapeMarkdown(a.latestReply.author)}** replied:\n\n${untrustedMarkdown(a.latestReply.body)}`;
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
}

export function askCodeActions(asks: readonly AskItem[], range: Range, doc: Lines): CodeAction[] {
  const actions: CodeAction[] = [];
  const here = asks.filter((a) => a.status !== 'lost' && overlaps(askRange(a, doc), range));
  for (const ask of here) {
    const about = here.length > 1 ? ` (@${ask.partner})` : '';
    actions.push(
      { title: `Open thread${about}`, kind: CodeActionKind.Empty, command: { title: 'Open thread', command: ClientCommand.openAsk, arguments: [ask.askId] } },
      { title: 'Ask partner about this', kind: CodeActionKind.Empty, command: { title: 'Ask partner about this', command: ClientCommand.askAboutSelection } },
      {
        title: `Mark as learned${about}`,
        kind: CodeActionKind.Empty,
        command: { title: 'Mark as learned', command: ClientCommand.markLearned, arguments: [ask.askId] },
      },
    );
  }
  // One "ask about this" is enough.
  return actions.filter((a, i) => a.title !== 'Ask partner about this' || actions.findIndex((b) => b.title === a.title) === i);
}

function containsLine(range: Range, line: number): boolean {
  return line >= range.start.line && line <= range.end.line;
}

function overlaps(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
