// The extension's side of the language server (dist/server.cjs, over IPC). Started lazily: when a
// command needs it (`ensureStarted`), when asks with code are pushed, or when an open document has
// an `ASK:` tag; never during activation. The server's CodeLens, hovers, diagnostics and code
// actions are registered by vscode-languageclient, which with the custom messages lives in
// clientSession.ts: a bundle of its own, loaded on the first start (esbuild.config.js).
import path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { mayHaveTags, parseTags, type AskTag } from '../../core/tags/parse';
import { isKnownSyntax, syntaxKeyOfPath } from '../../core/tags/syntax';
import type { AskItem, SendTagParams, SendTagResult } from '../../shared/lspProtocol';
import type { ClientSession } from './clientSession';
import { Disposable } from '../disposable';

/** Sends a tag as an ask to its login (or the default partner); the ask's URL, or undefined when not sent. */
export type SendTag = (tag: AskTag, uri: vscode.Uri) => Promise<{ readonly url: string; readonly partner?: string } | undefined>;

export interface WorkspaceTagFile {
  readonly uri: vscode.Uri;
  readonly tags: readonly AskTag[];
}

const MAX_CHECKED_LENGTH = 1024 * 1024;

export class MentorLanguageClient extends Disposable {
  private client: ClientSession | undefined;
  /** Counts stops and restarts: a start that resolves after one is not wanted. */
  private generation = 0;
  private starting: Promise<boolean> | undefined;
  private sendTag: SendTag | undefined;
  /** The latest asks per document uri: sent again after a (re)start. */
  private readonly asks = new Map<string, readonly AskItem[]>();
  private watchers: vscode.Disposable[] = [];
  private readonly checkOpen: ReturnType<typeof setTimeout>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const check = (doc: vscode.TextDocument) => {
      if (!this.starting && hasTags(doc)) void this.ensureStarted();
    };
    this.watchers.push(
      vscode.workspace.onDidOpenTextDocument(check),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        // Typing arrives a character at a time: look at the edited lines, not the inserted text.
        if (!this.starting && contentChanges.some((c) => c.range.start.line < document.lineCount && mayHaveTags(document.lineAt(c.range.start.line).text)))
          check(document);
      }),
    );
    // Documents already open: checked once activation has returned.
    this.checkOpen = setTimeout(() => vscode.workspace.textDocuments.forEach(check), 0);
  }

  get isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  /** What "Send as ask" calls. Until it is set, the action says the extension is not ready. */
  setSendTag(handler: SendTag | undefined): void {
    this.sendTag = handler;
  }

  /** Starts the server once; resolves true when it runs. Safe to call often and to `void`. */
  ensureStarted(): Promise<boolean> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.log.error(`language server did not start: ${errorMessage(error)}`);
      this.starting = undefined;
      return false;
    });
    return this.starting;
  }

  /** The asks anchored in a document (lines 0-based, see AskItem); an empty list clears them. Starts the server when there are any. */
  pushAsks(uri: vscode.Uri, items: readonly AskItem[]): void {
    const key = uri.toString();
    if (items.length === 0 && !this.asks.has(key)) return;
    if (items.length === 0) this.asks.delete(key);
    else this.asks.set(key, items);
    if (this.client?.isRunning()) this.sendAsks(key, items);
    else if (items.length > 0) void this.ensureStarted();
  }

  /** Unsent tags across the workspace folders (the server scans; cancellable). */
  async workspaceTags(exclude: readonly string[] = [], token?: vscode.CancellationToken): Promise<WorkspaceTagFile[]> {
    if (!(await this.ensureStarted()) || !this.client) return [];
    const result = await this.client.workspaceTags(exclude, token);
    return result.files.map((f) => ({ uri: vscode.Uri.parse(f.uri), tags: f.tags }));
  }

  /** Stops the server and starts a fresh one (the restart command). */
  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.generation++;
    this.starting = undefined;
    await old?.dispose().catch((error: unknown) => this.log.warn(`language server: stop failed: ${errorMessage(error)}`));
    if (await this.ensureStarted()) this.log.info('language server restarted');
  }

  /** Stops the server (deactivate awaits this). */
  async stop(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.generation++;
    this.starting = Promise.resolve(false);
    await old?.dispose().catch(() => undefined);
  }

  override dispose(): void {
    clearTimeout(this.checkOpen);
    this.stopWatching();
    void this.stop();
    super.dispose();
  }

  private async start(): Promise<boolean> {
    this.stopWatching();
    const generation = this.generation;
    // dist/lspClient.cjs beside dist/extension.cjs: esbuild.config.js maps this import to it.
    const { startClientSession } = await import('./clientSession');
    const session = await startClientSession({
      serverModule: this.context.asAbsolutePath(path.join('dist', 'server.cjs')),
      log: this.log,
      onSendTag: (params) => this.onSendTag(params),
      // After a crash's restart, the server learns the asks again.
      onRunning: () => {
        if (this.client === session) this.sendAllAsks();
      },
    });
    if (generation !== this.generation) {
      // Stopped or restarted while starting: this session is not wanted.
      await session.dispose().catch(() => undefined);
      return false;
    }
    this.client = session;
    this.sendAllAsks();
    return true;
  }

  private stopWatching(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
  }

  private sendAllAsks(): void {
    for (const [uri, items] of this.asks) this.sendAsks(uri, items);
  }

  private sendAsks(uri: string, asks: readonly AskItem[]): void {
    this.client?.sendAsks(uri, asks);
  }

  private async onSendTag(p: SendTagParams): Promise<SendTagResult | null> {
    if (typeof p.uri !== 'string' || typeof p.tag.question !== 'string') return null;
    if (!this.sendTag) {
      void vscode.window.showInformationMessage('Mutual Mentor is still starting: try sending the ask again in a moment.');
      return null;
    }
    try {
      const sent = await this.sendTag(p.tag, vscode.Uri.parse(p.uri));
      return sent ? { url: sent.url, ...(sent.partner ? { partner: sent.partner } : {}) } : null;
    } catch (error) {
      this.log.error(`sending an ASK tag failed: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Mutual Mentor: the ask was not sent. ${errorMessage(error)}`);
      return null;
    }
  }
}

/** Whether a document holds an unsent tag (a cheap test first; big files are not read). */
function hasTags(doc: vscode.TextDocument): boolean {
  if ((doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') || doc.lineCount > 50_000) return false;
  const text = doc.getText();
  if (text.length > MAX_CHECKED_LENGTH || !mayHaveTags(text)) return false;
  const language = isKnownSyntax(doc.languageId) ? doc.languageId : syntaxKeyOfPath(doc.uri.path);
  return parseTags(text, { language }).length > 0;
}
