// The server's state between requests, without a connection (so tests drive it directly): the
// settings, what the client can do, the asks it pushed per document, and each open document's
// tags cached by version. server.ts wires it to the LSP connection.
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, Hover, Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isAbsolute } from 'node:path';
import type { Searchers } from '../core/tags/fastScan';
import { scanTags, type AskTag, type SentAskTag } from '../core/tags/parse';
import { isKnownSyntax, syntaxKeyOfPath } from '../core/tags/syntax';
import { DEFAULT_SETTINGS, readSettings, type AskItem, type AsksParams, type InitializationOptions, type ServerSettings } from '../shared/lspProtocol';
import { askCodeActions, askDiagnostics, askHover, askLenses, type Lines } from './askFeatures';
import { sendTagAction, sentTagHover, tagDiagnostic, tagHover, tagSymbols } from './tagFeatures';

export interface DocumentTags {
  readonly tags: readonly AskTag[];
  readonly sent: readonly SentAskTag[];
}

export class Session {
  /** The defaults until the client's settings are read (server.ts pulls them once initialized). */
  settings: ServerSettings = DEFAULT_SETTINGS;
  /** The client answers mutualMentor/sendTag (the VS Code extension). */
  readonly canSendTags: boolean;
  /** The client implements the mutualMentor.* commands (the VS Code extension). */
  readonly clientCommands: boolean;
  /** What may list the files for the workspace tag scan (core/tags/fastScan.ts). */
  readonly searchers: Searchers;
  private readonly asks = new Map<string, readonly AskItem[]>();
  private readonly tagCache = new Map<string, { readonly version: number } & DocumentTags>();

  constructor(options: unknown) {
    const init = (typeof options === 'object' && options !== null ? options : {}) as InitializationOptions;
    this.canSendTags = init.canSendTags === true;
    this.clientCommands = init.clientCommands === true;
    const rg = typeof init.ripgrepPath === 'string' && init.ripgrepPath.length < 4096 && isAbsolute(init.ripgrepPath) ? init.ripgrepPath : undefined;
    this.searchers = { ...(rg ? { ripgrep: rg } : {}), gitGrep: init.gitGrep === true };
  }

  /**
   * The pulled `mutualMentor` section, or what a client that cannot be asked pushes with
   * workspace/didChangeConfiguration: `{ mutualMentor: {...} }` or the flat settings.
   */
  configure(settings: unknown): void {
    const section = typeof settings === 'object' && settings !== null && 'mutualMentor' in settings ? settings.mutualMentor : settings;
    this.settings = readSettings(section);
  }

  setAsks(params: AsksParams): void {
    if (params.asks.length === 0) this.asks.delete(params.uri);
    else this.asks.set(params.uri, params.asks);
  }

  asksOf(uri: string): readonly AskItem[] {
    return this.asks.get(uri) ?? [];
  }

  /** Uris with asks: their diagnostics change when asks arrive, open or not. */
  urisWithAsks(): string[] {
    return [...this.asks.keys()];
  }

  forget(uri: string): void {
    this.tagCache.delete(uri);
  }

  tagsOf(doc: TextDocument): DocumentTags {
    const cached = this.tagCache.get(doc.uri);
    if (cached?.version === doc.version) return cached;
    const language = isKnownSyntax(doc.languageId) ? doc.languageId : syntaxKeyOfPath(doc.uri);
    const all = scanTags(doc.getText(), { language });
    const entry = {
      version: doc.version,
      tags: all.filter((t): t is AskTag => !('url' in t)),
      sent: all.filter((t): t is SentAskTag => 'url' in t),
    };
    this.tagCache.set(doc.uri, entry);
    return entry;
  }

  diagnostics(doc: TextDocument): Diagnostic[] {
    if (!this.settings.diagnostics) return [];
    return [...this.tagsOf(doc).tags.map(tagDiagnostic), ...askDiagnostics(this.asksOf(doc.uri), linesOf(doc))];
  }

  codeLenses(doc: TextDocument): CodeLens[] {
    return askLenses(this.asksOf(doc.uri), linesOf(doc));
  }

  hover(doc: TextDocument, position: Position): Hover | undefined {
    const at = (t: AskTag) => t.line === position.line && position.character >= t.startCharacter && position.character <= t.endCharacter;
    const { tags, sent } = this.tagsOf(doc);
    const tag = tags.find(at);
    if (tag) return tagHover(tag, this.canSendTags);
    const sentTag = sent.find(at);
    if (sentTag) return sentTagHover(sentTag);
    return askHover(this.asksOf(doc.uri), position.line, linesOf(doc));
  }

  /**
   * The code actions for a range. With `only` (the kinds the editor asked for, e.g. just quick
   * fixes), actions of other kinds are left out: an editor drops and warns about any it did not ask for.
   */
  codeActions(doc: TextDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[] {
    const actions = this.allCodeActions(doc, range, diagnostics);
    if (!only || only.length === 0) return actions;
    return actions.filter((a) => only.some((kind) => a.kind !== undefined && a.kind !== '' && (a.kind === kind || a.kind.startsWith(`${kind}.`))));
  }

  private allCodeActions(doc: TextDocument, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = [];
    if (this.canSendTags) {
      for (const tag of this.tagsOf(doc).tags) {
        if (tag.line >= range.start.line && tag.line <= range.end.line) actions.push(sendTagAction(doc.uri, tag, diagnostics));
      }
    }
    if (this.clientCommands) actions.push(...askCodeActions(this.asksOf(doc.uri), range, linesOf(doc)));
    return actions;
  }

  symbols(doc: TextDocument): DocumentSymbol[] {
    const { tags, sent } = this.tagsOf(doc);
    return tagSymbols(tags, sent);
  }
}

export function linesOf(doc: TextDocument): Lines {
  return {
    lineCount: doc.lineCount,
    lineLength: (line) => doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length,
  };
}
