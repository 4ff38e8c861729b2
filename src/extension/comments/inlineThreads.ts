// Shows each ask anchored to code as a comment thread at its lines (VS Code's Comments API): the
// question, then every reply, updated in place when the store changes. Replying, resolving and the
// other actions go through ThreadActions; this file never talks to GitHub.
import * as vscode from 'vscode';
import { asksAt, isReviewThread, threadLabel, threadStateOf } from '../../core/exchanges';
import { fileForAnchor } from '../workspaceFiles';
import type { PlacedAsk } from '../lsp/askPlacement';
import type { Ask, CodeAnchor, Reply } from '../../core/model';
import { Disposable } from '../disposable';

export const COMMENT_CONTROLLER_ID = 'mutualMentor';
/** A reply shown as "sending" is dropped after this long if sync never brings it back. */
const PENDING_TTL_MS = 10 * 60_000;

/** A comment of an ask's thread: the question (replyNodeId null), a reply, or a reply being sent. */
export class AskComment implements vscode.Comment {
  readonly mode = vscode.CommentMode.Preview;
  readonly body: vscode.MarkdownString;
  readonly author: vscode.CommentAuthorInformation;
  readonly timestamp: Date | undefined;

  constructor(
    readonly askId: string,
    readonly replyNodeId: string | null,
    author: string,
    markdown: string,
    createdAt: string | undefined,
    readonly contextValue: string,
    readonly suggestions: readonly string[] = [],
    readonly label?: string,
  ) {
    this.author = { name: author };
    this.body = untrusted(markdown);
    const time = createdAt ? new Date(createdAt) : undefined;
    this.timestamp = time && !Number.isNaN(time.getTime()) ? time : undefined;
  }
}

interface Entry {
  readonly thread: vscode.CommentThread;
  readonly askId: string;
  unread: number;
  /** What the thread shows, to skip assignments that would only redraw it. */
  signature: string;
}

interface Pending {
  readonly id: number;
  readonly body: string;
  readonly since: number;
  sent: boolean;
}

interface Input {
  readonly asks: readonly Ask[];
  readonly repliesOf: (askId: string) => readonly Reply[];
  readonly unread: ReadonlyMap<string, number>;
}

export class InlineThreads extends Disposable {
  private readonly controller = this._register(vscode.comments.createCommentController(COMMENT_CONTROLLER_ID, 'Mutual Mentor'));
  private readonly threads = new Map<string, Entry>();
  private readonly asks = new Map<string, Ask>();
  /** Anchor (repo + path) → the workspace file it resolved to. Only hits are cached. */
  private readonly located = new Map<string, vscode.Uri>();
  private readonly pending = new Map<string, Pending[]>();
  private nextPending = 0;
  private latest: Input | undefined;
  private work: Promise<void> = Promise.resolve();

  private placeOf: (askId: string) => PlacedAsk | undefined = () => undefined;

  /** Where asks are now (the language server's anchors); without it, threads sit at the lines asked about. */
  setPlacement(placeOf: (askId: string) => PlacedAsk | undefined): void {
    this.placeOf = placeOf;
  }

  constructor(private readonly me: () => string | undefined) {
    super();
    this.controller.options = { placeHolder: 'Reply…', prompt: 'Reply to this ask' };
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.located.clear();
        void this.schedule();
      }),
    );
    this._register({
      dispose: () => {
        for (const e of this.threads.values()) e.thread.dispose();
        this.threads.clear();
      },
    });
  }

  /** Shows the asks' threads as they are now; `unread` holds unread reply counts per ask. */
  update(asks: readonly Ask[], repliesOf: (askId: string) => readonly Reply[], unread: ReadonlyMap<string, number> = new Map()): Promise<void> {
    this.latest = { asks, repliesOf, unread };
    this.asks.clear();
    for (const a of asks) this.asks.set(a.id, a);
    return this.schedule();
  }

  /** Resolves when every update so far is on screen. */
  whenIdle(): Promise<void> {
    return this.work;
  }

  get count(): number {
    return this.threads.size;
  }

  labels(): string[] {
    return [...this.threads.values()].map((e) => e.thread.label ?? '');
  }

  /** The ask a thread (or a reply to it) belongs to. */
  askIdOf(thread: unknown): string | undefined {
    for (const e of this.threads.values()) if (e.thread === thread) return e.askId;
    return undefined;
  }

  ask(askId: string): Ask | undefined {
    return this.asks.get(askId);
  }

  /** The ask anchored at a 1-based line of a workspace file, if any. */
  askAt(uri: vscode.Uri, line: number): string | undefined {
    const key = uri.toString();
    const here = [...this.threads.values()]
      .filter((e) => e.thread.uri.toString() === key)
      .map((e) => this.asks.get(e.askId))
      .filter((a): a is Ask => !!a);
    const path = here[0]?.anchor?.path;
    return path ? asksAt(here, path, line)[0]?.id : undefined;
  }

  /** Shows a reply as "Sending…" until sync brings it back; returns how to settle it. */
  addPending(askId: string, body: string): { sent(): void; failed(): void } {
    const item: Pending = { id: this.nextPending++, body, since: Date.now(), sent: false };
    this.pending.set(askId, [...(this.pending.get(askId) ?? []), item]);
    void this.schedule();
    return {
      sent: () => {
        item.sent = true;
        void this.schedule();
      },
      failed: () => {
        this.pending.set(
          askId,
          (this.pending.get(askId) ?? []).filter((p) => p.id !== item.id),
        );
        void this.schedule();
      },
    };
  }

  private schedule(): Promise<void> {
    this.work = this.work.then(() => this.render()).catch(() => undefined);
    return this.work;
  }

  private async render(): Promise<void> {
    const input = this.latest;
    if (!input) return;
    const anchored = input.asks.filter((a): a is Ask & { anchor: CodeAnchor } => a.anchor !== undefined);
    const uris = await Promise.all(anchored.map(async (a) => this.placeOf(a.id)?.uri ?? (await this.locate(a.anchor))));
    if (input !== this.latest) return; // a newer update renders next
    const shown = new Set<string>();
    anchored.forEach((ask, i) => {
      const uri = uris[i];
      if (!uri) return;
      shown.add(ask.id);
      this.show(ask, uri, input);
    });
    for (const [id, entry] of this.threads) {
      if (shown.has(id)) continue;
      entry.thread.dispose();
      this.threads.delete(id);
    }
    for (const id of this.pending.keys()) if (!this.asks.has(id)) this.pending.delete(id);
  }

  private show(ask: Ask & { anchor: CodeAnchor }, uri: vscode.Uri, input: Input): void {
    const replies = [...input.repliesOf(ask.id)].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const unread = input.unread.get(ask.id) ?? 0;
    // Where the anchor is now (through edits, commits and renames); a lost one sits at the top, saying so.
    const place = this.placeOf(ask.id)?.place;
    const lines =
      place?.status === 'lost'
        ? { startLine: 1, endLine: 1 }
        : { startLine: place?.startLine ?? ask.anchor.startLine, endLine: place?.endLine ?? ask.anchor.endLine };
    const range = new vscode.Range(Math.max(0, lines.startLine - 1), 0, Math.max(0, lines.endLine - 1), 0);
    let entry = this.threads.get(ask.id);
    if (entry && entry.thread.uri.toString() !== uri.toString()) {
      entry.thread.dispose();
      entry = undefined;
    }
    if (!entry) {
      const thread = this.controller.createCommentThread(uri, range, []);
      thread.collapsibleState = unread > 0 ? vscode.CommentThreadCollapsibleState.Expanded : vscode.CommentThreadCollapsibleState.Collapsed;
      entry = { thread, askId: ask.id, unread, signature: '' };
      this.threads.set(ask.id, entry);
    } else if (unread > entry.unread) {
      entry.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded; // a new reply opens it again
    }
    entry.unread = unread;
    const { thread } = entry;
    if (!thread.range || !thread.range.isEqual(range)) thread.range = range;

    const me = this.me();
    const pending = this.pendingOf(ask.id, replies, me);
    const review = isReviewThread(ask);
    const resolved = threadStateOf(ask)?.resolved ?? false;
    const label = `${threadLabel(ask, replies.length, unread)}${place?.status === 'lost' ? ' · the lines it was about are gone' : place?.status === 'changed' ? ' · the code changed since' : ''}`;
    const contextValue = ['ask', ask.direction, ask.posted ? 'posted' : 'queued', review ? 'review' : '', review ? (resolved ? 'resolved' : 'unresolved') : '']
      .filter(Boolean)
      .join(' ');
    const signature = JSON.stringify([label, contextValue, ask.question, replies.map((r) => [r.nodeId, r.body]), pending.map((p) => [p.id, p.sent])]);
    if (signature === entry.signature) return;
    entry.signature = signature;

    const asker = ask.direction === 'sent' ? (me ?? 'You') : ask.partner;
    thread.comments = [
      new AskComment(ask.id, null, asker, ask.question, ask.createdAt, 'question', [], ask.topic ? `ask · ${ask.topic}` : 'ask'),
      ...replies.map((r) => {
        const partner = me === undefined || r.author.toLowerCase() !== me.toLowerCase();
        const flags = ['reply', partner ? 'partner' : 'mine', r.suggestions.length > 0 ? 'suggestion' : ''].filter(Boolean).join(' ');
        return new AskComment(ask.id, r.nodeId, r.author, r.body, r.createdAt, flags, r.suggestions, r.kind === 'review' ? 'review' : undefined);
      }),
      ...pending.map((p) => new AskComment(ask.id, null, me ?? 'You', p.body, undefined, 'pending', [], p.sent ? 'Sent — waiting for GitHub' : 'Sending…')),
    ];
    thread.label = label;
    thread.contextValue = contextValue;
    thread.canReply = ask.posted !== undefined;
    thread.state = review ? (resolved ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved) : undefined;
  }

  /** Pending replies still worth showing: not yet back from GitHub and not too old. */
  private pendingOf(askId: string, replies: readonly Reply[], me: string | undefined): Pending[] {
    const mine = new Set(replies.filter((r) => me !== undefined && r.author.toLowerCase() === me.toLowerCase()).map((r) => r.body.trim()));
    const now = Date.now();
    const left = (this.pending.get(askId) ?? []).filter((p) => !mine.has(p.body.trim()) && (!p.sent || now - p.since < PENDING_TTL_MS));
    if (left.length > 0) this.pending.set(askId, left);
    else this.pending.delete(askId);
    return left;
  }

  /** The workspace file an anchor points at, or undefined when no open folder has it (cached once found). */
  private async locate(anchor: CodeAnchor): Promise<vscode.Uri | undefined> {
    const key = `${anchor.repo.host}/${anchor.repo.owner}/${anchor.repo.name}:${anchor.path}`;
    const cached = this.located.get(key);
    if (cached) return cached;
    const uri = await fileForAnchor(anchor);
    if (uri) this.located.set(key, uri);
    return uri;
  }
}

function untrusted(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
