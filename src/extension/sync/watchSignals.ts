// Tells the sync which asks someone is waiting on right now, so it watches their threads closely
// (core/sync/watcher.ts): an ask just sent, the thread open in the Replies panel, and the asks on
// screen in an editor (their anchored lines in a visible range, the cursor's among them). Only the
// moment an ask comes into view counts (shown again later, its watch starts over); the core decides
// whether it is still awaited and when to stop.
import * as vscode from 'vscode';
import type { Ask } from '../../core/model';
import type { WatchReason } from '../../core/sync/watchSchedule';
import { Disposable } from '../disposable';
import type { PlacedAsk } from '../lsp/askPlacement';
import type { RepliesViewProvider } from '../views/repliesViewProvider';

/** An ask sent longer ago than this is not "just sent" when the window opens. */
const JUST_SENT_MS = 15 * 60_000;
const VISIBLE_DEBOUNCE_MS = 300;

export interface WatchSignalSources {
  readonly asks: () => readonly Ask[];
  readonly placeOf: (askId: string) => PlacedAsk | undefined;
  /** Fires when the places of asks were worked out again. */
  readonly onDidPlace: vscode.Event<void>;
  readonly replies: RepliesViewProvider;
  readonly watch: (askIds: readonly string[], reason: WatchReason) => void;
  readonly now?: () => number;
}

export class WatchSignals extends Disposable {
  private readonly sent = new Set<string>();
  private visible = new Set<string>();
  private shown: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sources: WatchSignalSources) {
    super();
    const now = sources.now ?? Date.now;
    // Asks sent shortly before the window opened are still awaited; older ones are not "just sent".
    const recent: string[] = [];
    for (const a of sources.asks()) {
      if (!a.posted || a.direction !== 'sent') continue;
      this.sent.add(a.id);
      if (now() - Date.parse(a.createdAt) < JUST_SENT_MS) recent.push(a.id);
    }
    if (recent.length > 0) sources.watch(recent, 'sent');
    const soon = () => this.scheduleVisible();
    this._register(vscode.window.onDidChangeVisibleTextEditors(soon));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges(soon));
    this._register(sources.onDidPlace(soon));
    this._register(sources.replies.onDidRender(() => this.panelRendered()));
    this._register({ dispose: () => clearTimeout(this.timer) });
    soon();
  }

  /** The store's asks changed: an ask GitHub just acknowledged is watched. */
  asksChanged(): void {
    const fresh: string[] = [];
    for (const a of this.sources.asks()) {
      if (!a.posted || a.direction !== 'sent' || this.sent.has(a.id)) continue;
      this.sent.add(a.id);
      fresh.push(a.id);
    }
    if (fresh.length > 0) this.sources.watch(fresh, 'sent');
  }

  private panelRendered(): void {
    const state = this.sources.replies.current;
    const askId = state.kind === 'thread' ? state.askId : undefined;
    if (askId !== undefined && askId !== this.shown) this.sources.watch([askId], 'panel');
    this.shown = askId;
  }

  private scheduleVisible(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.updateVisible(), VISIBLE_DEBOUNCE_MS);
  }

  private updateVisible(): void {
    const ranges = new Map<string, readonly vscode.Range[]>();
    for (const editor of vscode.window.visibleTextEditors) {
      const key = editor.document.uri.toString();
      ranges.set(key, [...(ranges.get(key) ?? []), ...editor.visibleRanges]);
    }
    const now = new Set<string>();
    for (const ask of this.sources.asks()) {
      const placed = ask.anchor && ask.posted ? this.sources.placeOf(ask.id) : undefined;
      const { startLine, endLine } = placed?.place ?? {};
      const shownIn = placed ? ranges.get(placed.uri.toString()) : undefined;
      if (!shownIn || startLine === undefined || endLine === undefined) continue;
      // Visible ranges are 0-based; anchors 1-based and inclusive.
      if (shownIn.some((r) => r.start.line + 1 <= endLine && startLine <= r.end.line + 1)) now.add(ask.id);
    }
    const appeared = [...now].filter((id) => !this.visible.has(id));
    this.visible = now;
    if (appeared.length > 0) this.sources.watch(appeared, 'editor');
  }
}
