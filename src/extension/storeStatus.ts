// Tells the user when the local store cannot save (disk full, no permission, a file in the way):
// a warning status bar item while it lasts, with the reason and the file in its tooltip, and one
// notification per run of failures (not one per retry) with Retry and Show Log. The store keeps the
// changes in memory and tries again by itself (src/core/store/saveHealth.ts); once a save works the
// item goes away.
import * as vscode from 'vscode';
import type { LocalStore, SaveState } from '../core/store/store';
import { errorMessage } from '../core/errors';
import { CommandId } from '../shared/commandIds';
import { Disposable } from './disposable';

export class StoreStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('mutualMentor.store', vscode.StatusBarAlignment.Left, 51));
  /** A notification was shown for the current run of failures. */
  private notified = false;

  constructor(
    private readonly store: LocalStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.item.name = 'Mutual Mentor: saving';
    this.item.command = { command: CommandId.ShowLog, title: 'Show Log' }; // Retry is in the notification
    this._register(store.onSaveStateChange((state) => this.show(state)));
    this.show(store.saveState);
  }

  /** Tries to save now (the store retries by itself anyway). */
  async retry(): Promise<void> {
    await this.store.flush().then(
      () => this.log.info('store: saved after Retry'),
      (e: unknown) => this.log.warn(`store: Retry failed: ${errorMessage(e)}`),
    );
  }

  private show(state: SaveState): void {
    if (state.kind === 'saved') {
      if (this.notified) this.log.info('store: saving works again; everything is on disk');
      this.notified = false;
      this.item.hide();
      return;
    }
    const next = Math.max(1, Math.round((state.nextTryAt - Date.now()) / 1000));
    this.item.text = '$(warning) Mutual Mentor: not saved';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.color = new vscode.ThemeColor('statusBarItem.warningForeground');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.appendText(`Mutual Mentor could not save its data: ${state.reason}\n\n`);
    tooltip.appendText(`File: ${state.file}\n\n`);
    tooltip.appendText(
      `Your changes and unsent items are kept in memory and saved as soon as writing works again ` +
        `(tried ${state.attempts}×, next try in ${next} s). Click to see the log.`,
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Mutual Mentor: not saved. ${state.reason}`, role: 'button' };
    this.item.show();
    if (this.notified) return;
    this.notified = true;
    void vscode.window
      .showWarningMessage(
        `Mutual Mentor could not save its data (${state.reason}). Your changes are kept and saved as soon as writing works again.`,
        'Retry',
        'Show Log',
      )
      .then((choice) => {
        if (choice === 'Retry') return this.retry();
        if (choice === 'Show Log') this.log.show();
        return undefined;
      });
  }
}

/**
 * Best effort while the host stops: one save, and one more try if it fails (another window may
 * have held the lock for a moment). What still is not on disk is said in the log, outbox items one
 * by one with what they carry, so a user can redo them: they are gone once this process ends.
 */
export async function saveBeforeStopping(store: LocalStore, log: vscode.LogOutputChannel | undefined): Promise<void> {
  let problem: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await store.flush();
      return;
    } catch (e) {
      problem = e;
    }
  }
  const lost = store.unsavedOutbox();
  log?.error(
    `store: could not save before stopping (${errorMessage(problem)}); ${lost.length} unsent item(s) in the outbox were not saved and will not be sent`,
  );
  for (const item of lost) log?.error(`store: not saved: ${item.kind} ${item.id} ${JSON.stringify(item.payload)}`);
}
