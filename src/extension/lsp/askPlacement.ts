// Where each ask about code is now: its anchor (commit, path, lines, snippet) mapped through the
// commits since and the unsaved edits of the open document (src/core/anchors), reported as exact,
// moved, changed or lost — never silently on the wrong lines. The language server shows them
// (CodeLens, hover, diagnostics) and the inline threads sit where they say.
//
// Typing moves asks at once through an AnchorTracker per document (O(asks) per change, no git, no
// text read); the full resolution (git diff since the anchor's commit, renames, fuzzy search) runs
// on opening, saving, and when the asks change, for all asks of a folder in one batch.
import * as vscode from 'vscode';
import type { AnchorResolver } from '../../core/anchors/batch';
import type { resolveAnchor } from '../../core/anchors/resolve';
import { AnchorTracker } from '../../core/anchors/track';
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
  private trackers = new Map<string, { tracker: AnchorTracker; base: Map<string, AnchorPlace> }>();
  private lastAsks: readonly Ask[] = [];
  private pushed = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Keeps the commit pairs' diffs between resolutions (an LRU keyed by commit ids); loaded on first use (dist/anchors.cjs). */
  private anchors: Promise<{ resolver: AnchorResolver; resolveAnchor: typeof resolveAnchor }> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the places were worked out again. */
  readonly onDidChange = this.changed.event;

  private loadAnchors() {
    return (this.anchors ??= import('../../core/anchors/lazy').then(({ AnchorResolver, resolveAnchor }) => ({
      resolver: new AnchorResolver(),
      resolveAnchor,
    })));
  }

  constructor(
    private readonly input: PlacementInput,
    private readonly push: (uri: vscode.Uri, items: readonly AskItem[]) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const soon = () => this.schedule();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.track(e);
      }),
    );
    this._register(vscode.workspace.onDidSaveTextDocument(soon));
    this._register(vscode.workspace.onDidOpenTextDocument(soon));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(soon)); // now git may tell what moved
    this._register({
      dispose: () => {
        clearTimeout(this.timer);
        clearTimeout(this.fireTimer);
      },
    });
  }

  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private fireSoon(): void {
    clearTimeout(this.fireTimer);
    this.fireTimer = setTimeout(() => this.changed.fire(), 150);
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

  /**
   * Sends the language server the asks again with their reply and unread counts now, at the places
   * already worked out (no git): reading a thread updates its CodeLens and diagnostic at once.
   */
  refreshCounts(): void {
    this.pushAll(this.lastAsks);
  }

  /** Resolves now and waits (tests, and the first placement after the store opens). */
  async placeNow(): Promise<void> {
    clearTimeout(this.timer);
    this.running = this.running.then(() => this.place());
    await this.running;
  }

  /** Moves the document's asks with an edit as it happens (lines only; the next full resolution checks the text). */
  private track(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const entry = this.trackers.get(key);
    if (!entry) return;
    for (const c of e.contentChanges) {
      entry.tracker.applyChange({
        startLine: c.range.start.line,
        startCharacter: c.range.start.character,
        endLine: c.range.end.line,
        endCharacter: c.range.end.character,
        text: c.text,
      });
    }
    let touched = false;
    for (const [id, p] of entry.tracker.places()) {
      const base = entry.base.get(id);
      const placed = this.placed.get(id);
      if (!base || !placed) continue;
      touched ||= p.touched;
      const status = p.touched ? 'changed' : base.status;
      this.placed.set(id, { uri: placed.uri, place: { ...base, status, startLine: p.startLine, endLine: p.endLine } });
    }
    this.pushAll(this.lastAsks);
    this.fireSoon(); // views redraw once typing pauses; the language server already has the new lines
    if (touched) this.schedule(); // an edit inside an ask: the full resolution says what became of it
  }

  private async place(): Promise<void> {
    const anchored = this.input.asks().filter((a): a is Ask & { anchor: CodeAnchor } => a.anchor !== undefined && isSafeRelativePath(a.anchor.path));
    const next = new Map<string, PlacedAsk>();
    // Asks with history are resolved together per folder: one git diff per commit pair, cached (core/anchors/batch.ts).
    const batches = new Map<string, { folder: vscode.WorkspaceFolder; inputs: AnchorInput[] }>();
    for (const ask of anchored) {
      const folder = this.folderFor(ask.anchor);
      if (!folder) continue;
      // A partner's ask is about their repository: placed only where this workspace has that file (a clone of it),
      // never at the top of a file that is not here.
      if (ask.direction === 'received' && (await this.textOf(vscode.Uri.joinPath(folder.uri, ...ask.anchor.path.split('/')))) === undefined) continue;
      // Only a commit id goes to git (a damaged store must not smuggle an option in); core/git checks again.
      const commit = /^[0-9a-f]{7,40}$/i.test(ask.anchor.commit) ? ask.anchor.commit : undefined;
      const input: AnchorInput = {
        id: ask.id,
        path: ask.anchor.path,
        ...(commit ? { commit } : {}),
        startLine: ask.anchor.startLine,
        endLine: ask.anchor.endLine,
        snippet: ask.anchor.snippet,
      };
      // No git in an untrusted workspace: its config can name programs git runs (diff.external,
      // textconv, fsmonitor). The asks are placed from the text alone until the workspace is trusted.
      if (vscode.workspace.isTrusted && commit !== undefined) {
        const batch = batches.get(folder.uri.toString()) ?? { folder, inputs: [] };
        batch.inputs.push(input);
        batches.set(folder.uri.toString(), batch);
        continue;
      }
      const uri = vscode.Uri.joinPath(folder.uri, ...ask.anchor.path.split('/'));
      const text = await this.textOf(uri);
      const { resolveAnchor } = await this.loadAnchors();
      next.set(ask.id, { uri, place: text === undefined ? { id: ask.id, status: 'lost', path: ask.anchor.path } : resolveAnchor(input, text) });
    }
    for (const { folder, inputs } of batches.values()) {
      // The text now of a file: an open editor's with unsaved edits, else the disk's.
      const textOf = (p: string) => (isSafeRelativePath(p) ? this.textOf(vscode.Uri.joinPath(folder.uri, ...p.split('/'))) : Promise.resolve(undefined));
      const { resolver } = await this.loadAnchors();
      const places = await resolver.resolveAll(folder.uri.fsPath, inputs, textOf);
      for (const [id, place] of places) {
        if (!isSafeRelativePath(place.path)) continue;
        next.set(id, { uri: vscode.Uri.joinPath(folder.uri, ...place.path.split('/')), place });
      }
    }
    this.placed = next;
    this.lastAsks = anchored;
    // Trackers from these places for the open documents, for the edits to come.
    const byDoc = new Map<string, { lines: number; anchors: { id: string; startLine: number; endLine: number }[]; base: Map<string, AnchorPlace> }>();
    for (const [id, p] of next) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri.toString());
      if (!doc || p.place.status === 'lost' || p.place.startLine === undefined) continue;
      const entry = byDoc.get(doc.uri.toString()) ?? { lines: doc.lineCount, anchors: [], base: new Map<string, AnchorPlace>() };
      entry.anchors.push({ id, startLine: p.place.startLine, endLine: p.place.endLine ?? p.place.startLine });
      entry.base.set(id, p.place);
      byDoc.set(doc.uri.toString(), entry);
    }
    this.trackers = new Map([...byDoc].map(([key, e]) => [key, { tracker: new AnchorTracker(e.lines, e.anchors), base: e.base }]));
    this.pushAll(anchored);
    this.changed.fire();
  }

  private folderFor(anchor: CodeAnchor): vscode.WorkspaceFolder | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return folders[pickFolder(folders, anchor.repo.name)];
  }

  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    // An editor's text only when it has unsaved edits: a saved one may lag behind the disk (a commit,
    // a checkout, a deleted file whose document is still open).
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) return open.getText();
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
        askId: ask.id,
        status: place.status,
        startLine: Math.max(0, (place.startLine ?? 1) - 1),
        endLine: Math.max(0, (place.endLine ?? place.startLine ?? 1) - 1),
        partner: ask.partner,
        direction: ask.direction,
        question: ask.question,
        replies: replies.length,
        unread: this.input.unreadOf(ask.id),
        ...(latest ? { latestReply: { author: latest.author, body: latest.body } } : {}),
      });
      byUri.set(key, entry);
    }
    for (const { uri, items } of byUri.values()) this.push(uri, items);
    for (const [key, uri] of this.pushed) if (!byUri.has(key)) this.push(uri, []); // its asks are gone: clear them
    this.pushed = new Map([...byUri].map(([key, e]) => [key, e.uri]));
  }
}
