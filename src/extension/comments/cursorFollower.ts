// Follows the cursor: when it rests inside an ask's anchored lines, the ask is selected in the
// Exchanges view (if the view is visible) and shown in the Replies panel (if it is visible and not
// busy with a draft), and after a longer rest there, with the thread right under the cursor, its
// unread replies count as read.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ExchangesTreeProvider } from '../views/exchangesTreeProvider';
import type { InlineThreads } from './inlineThreads';
import type { UnreadService } from './unreadService';

const REVEAL_DELAY_MS = 300;
const READ_DELAY_MS = 2_000;

export class CursorFollower extends Disposable {
  private revealTimer: ReturnType<typeof setTimeout> | undefined;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRevealed: string | undefined;

  constructor(
    private readonly threads: InlineThreads,
    private readonly exchanges: ExchangesTreeProvider,
    private readonly unread: UnreadService,
    private readonly showInPanel: (askId: string) => void = () => undefined,
  ) {
    super();
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.schedule(e.textEditor);
      }),
    );
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.schedule(editor);
      }),
    );
    this._register({ dispose: () => this.clear() });
  }

  private schedule(editor: vscode.TextEditor): void {
    this.clear();
    this.revealTimer = setTimeout(() => {
      const askId = this.askAtCursor(editor);
      if (askId !== this.lastRevealed && askId) {
        if (this.exchanges.visible) void this.exchanges.reveal(askId, { focus: false });
        this.showInPanel(askId);
      }
      this.lastRevealed = askId;
    }, REVEAL_DELAY_MS);
    this.readTimer = setTimeout(() => {
      const askId = this.askAtCursor(editor);
      if (askId && this.unread.unreadOf(askId) > 0) void this.unread.markRead(askId);
    }, READ_DELAY_MS);
  }

  private askAtCursor(editor: vscode.TextEditor): string | undefined {
    if (editor !== vscode.window.activeTextEditor) return undefined;
    return this.threads.askAt(editor.document.uri, editor.selection.active.line + 1);
  }

  private clear(): void {
    clearTimeout(this.revealTimer);
    clearTimeout(this.readTimer);
  }
}
