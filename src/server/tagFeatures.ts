// What the server offers on `ASK:` tags: plain LSP, so it works in any editor. Pure functions of a
// document's tags; the session (session.ts) caches the tags per document version.
import {
  CodeActionKind,
  DiagnosticSeverity,
  DocumentSymbol,
  MarkupKind,
  Range,
  SymbolKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { sentTagText, type AskTag, type SentAskTag } from '../core/tags/parse';
import { SEND_TAG_COMMAND } from '../shared/lspProtocol';
import { escapeMarkdown, webLink } from './markdown';

export const DIAGNOSTIC_SOURCE = 'Mutual Mentor';
export const UNSENT_TAG_CODE = 'unsentAsk';

export function tagRange(tag: AskTag): Range {
  return Range.create(tag.line, tag.startCharacter, tag.line, tag.endCharacter);
}

function who(tag: Pick<AskTag, 'login'>): string {
  return tag.login ? `@${tag.login}` : 'your partner';
}

export function tagDiagnostic(tag: AskTag): Diagnostic {
  return {
    range: tagRange(tag),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: UNSENT_TAG_CODE,
    message: `Ask ${who(tag)}: ${tag.question} — not sent yet`,
  };
}

export function tagHover(tag: AskTag, canSend: boolean): Hover {
  const lines = [`**Ask for ${escapeMarkdown(who(tag))}** (not sent yet)`, '', escapeMarkdown(tag.question)];
  if (canSend) lines.push('', '_Send it with the quick fix "Send as ask"._');
  return { range: tagRange(tag), contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}

export function sentTagHover(tag: SentAskTag): Hover {
  const value = `**Asked ${escapeMarkdown(who(tag))}**\n\n${escapeMarkdown(tag.question)}\n\n${webLink('Open the ask', tag.url)}`;
  return { range: tagRange(tag), contents: { kind: MarkupKind.Markdown, value } };
}

/** "Send as ask to @alice": runs the server's command, which asks the client to send and then rewrites the tag. */
export function sendTagAction(uri: string, tag: AskTag, diagnostics: readonly Diagnostic[]): CodeAction {
  const title = `Send as ask to ${who(tag)}`;
  const matching = diagnostics.filter((d) => d.code === UNSENT_TAG_CODE && d.range.start.line === tag.line);
  return {
    title,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    ...(matching.length > 0 ? { diagnostics: matching } : {}),
    command: { title, command: SEND_TAG_COMMAND, arguments: [uri, tag] },
  };
}

/** The edit that rewrites a sent tag: `ASK(@alice): q` → `ASKED(@alice): q → url`. */
export function sentTagEdit(uri: string, version: number, tag: AskTag, url: string, partner?: string): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri, version }, [TextEdit.replace(tagRange(tag), sentTagText(tag, url, partner))])] };
}

/** Tags in the outline: unsent ones first in their own order, then sent ones. */
export function tagSymbols(tags: readonly AskTag[], sent: readonly SentAskTag[]): DocumentSymbol[] {
  const symbol = (t: AskTag, detail: string) =>
    DocumentSymbol.create(`ASK ${who(t)}: ${t.question}`.slice(0, 200), detail, SymbolKind.Event, tagRange(t), tagRange(t));
  return [...tags.map((t) => symbol(t, 'not sent')), ...sent.map((t) => symbol(t, 'sent'))].sort((a, b) => a.range.start.line - b.range.start.line);
}

export function isValidTag(value: unknown): value is AskTag {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    Number.isInteger(t.line) &&
    Number.isInteger(t.startCharacter) &&
    Number.isInteger(t.endCharacter) &&
    typeof t.question === 'string' &&
    (t.login === undefined || typeof t.login === 'string')
  );
}
