// Where each ask about code is now: its anchor (commit, path, lines, snippet) mapped through the
// commits since and the unsaved edits of the open document (src/core/anchors), reported as exact,
// moved, changed or lost — never silently on the wrong lines. The language server shows them
// (CodeLens, hover, diagnostics) and the inline threads sit where they say.
import * as vscode from 'vscode';
import { resolveWithGit } from '../../core/anchors/resolve';
import { pathNow } from '../../core/git/renames';
import type { AnchorInput, AnchorPlace } from '../../core/anchors/types';
import { isSafeRelativePath, pickFolder } from '../../core/exchanges';
import type { Ask, CodeAnchor, Reply } from '../../core/model';
import type { AskItem } from '../../shared/lspProtocol';
import { Disposable } from '../disposable';

export interface PlacedAsk {
  readonly uri: vscode.Uri;
  readonly place: AnchorPlace;
}

export interface PlacementInput {
  readonly asks: () => readonly Ask[];
  readonly repliesOf: (askId: string) => readonly Reply[];
  readonly unreadOf: (askId: string) => number;
}

const DEBOUNCE_MS = 300;

export class AskPlacement extends Disposable {
  private placed = new Map<string, PlacedAsk>();
  private pushed = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the places were worked out again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly input: PlacementInput,
    private readonly push: (uri: vscode.Uri, items: readonly AskItem[]) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const soon = () => this.schedule();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && this.concerns(e.document.uri)) soon();
    }));
    this._register(vscode.workspace.onDidSaveTextDocument(soon));
    this._register(vscode.workspace.onDidOpenTextDocument(soon));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Where an ask is now, once worked out. */
  placeOf(askId: string): PlacedAsk | undefined {
    return this.placed.get(askId);
  }

  /** Works the places out again soon (debounced): after edits, saves, a new commit, or new asks. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.place()).catch((e: unknown) => this.log.warn(`anchors: ${e instanceof Error ? e.message : String(e)}`));
    }, DEBOUNCE_MS);
  }

  /** Resolves now and waits (tests, and the first placement after the store opens). */
  async placeNow(): Promise<void> {
    clearTimeout(this.timer);
    this.running = this.running.then(() => this.place());
    await this.running;
  }

  private concerns(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    for (const p of this.placed.values()) if (p.uri.toString() === uri.toString()) return true;
    return this.input.asks().some((a) => a.anchor && uri.path.endsWith(`/${a.anchor.path}`));
  }

  private async place(): Promise<void> {
    const anchored = this.input.asks().filter((a): a is Ask & { anchor: CodeAnchor } => a.anchor !== undefined && isSafeRelativePath(a.anchor.path));
    const next = new Map<string, PlacedAsk>();
    for (const ask of anchored) {
      const folder = this.folderFor(ask.anchor);
      if (!folder) continue;
      const input: AnchorInput = { id: ask.id, path: ask.anchor.path, commit: ask.anchor.commit, startLine: ask.anchor.startLine, endLine: ask.anchor.endLine, snippet: ask.anchor.snippet };
      // A rename since the ask is followed first; then the text now (an open editor's, saved or not).
      const now = (await pathNow(folder.uri.fsPath, ask.anchor.commit, ask.anchor.path).catch(() => undefined)) ?? ask.anchor.path;
      if (!isSafeRelativePath(now)) continue;
      const uri = vscode.Uri.joinPath(folder.uri, ...now.split('/'));
      const text = await this.textOf(uri);
      if (text === undefined) {
        next.set(ask.id, { uri, place: { id: ask.id, status: 'lost', path: now } });
        continue;
      }
      next.set(ask.id, { uri, place: await resolveWithGit(folder.uri.fsPath, input, text) });
    }
    this.placed = next;
    this.pushAll(anchored);
    this.changed.fire();
  }

  private folderFor(anchor: CodeAnchor): vscode.WorkspaceFolder | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return folders[pickFolder(folders, anchor.repo.name)];
  }

  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  /** Sends every open document its asks (LSP lines are 0-based). */
  private pushAll(asks: readonly Ask[]): void {
    const byUri = new Map<string, { uri: vscode.Uri; items: AskItem[] }>();
    for (const ask of asks) {
      const placed = this.placed.get(ask.id);
      if (!placed) continue;
      const key = placed.uri.toString();
      const entry = byUri.get(key) ?? { uri: placed.uri, items: [] };
      const replies = [...this.input.repliesOf(ask.id)].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const latest = replies.at(-1);
      const { place } = placed;
      entry.items.push({
        askId: ask.id, status: place.status,
        startLine: Math.max(0, (place.startLine ?? 1) - 1), endLine: Math.max(0, (place.endLine ?? place.startLine ?? 1) - 1),
        partner: ask.partner, direction: ask.direction, question: ask.question, replies: replies.length, unread: this.input.unreadOf(ask.id),
        ...(latest ? { latestReply: { author: latest.author, body: latest.body } } : {}),
      });
      byUri.set(key, entry);
    }
    for (const { uri, items } of byUri.values()) this.push(uri, items);
    for (const [key, uri] of this.pushed) if (!byUri.has(key)) this.push(uri, []); // its asks are gone: clear them
    this.pushed = new Map([...byUri].map(([key, e]) => [key, e.uri]));
  }
}
