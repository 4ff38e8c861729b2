// What a person does with an ask's thread, from the Replies panel, an inline thread or the tree:
// reply (through the outbox, so nothing typed is lost and nothing is posted twice), resolve or
// unresolve the review thread, apply a partner's suggestion after a diff preview (undoable), note
// what they learned, and jump to the code. GitHub work is in src/core/threads.
import * as vscode from 'vscode';
import { newAskId } from '../../core/asks/compose';
import { errorMessage } from '../../core/errors';
import type { Ask, Reply } from '../../core/model';
import type { LocalStore, OutboxEntry } from '../../core/store/store';
import { postReply, replyTargetOf, setThreadResolved, findPostedReply, type PostedReply, type ReplyPlan } from '../../core/threads/reply';
import { planSuggestion, suggestionState, type SuggestionState } from '../../core/threads/suggestion';
import { MAX_LESSON_TEXT } from '../../core/ledger/lessons';
import { lessonEvents } from '../../core/ledger/events';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { OutboxService } from '../outboxService';
import { fileForAnchor } from '../workspaceFiles';
import type { ThreadActions } from './threadActions';
import { openWebUrl } from '../openExternal';

const PREVIEW_SCHEME = 'mutual-mentor-suggestion';

/** How the last reply to an ask went, for the panel's reply box. */
export interface ReplyState {
  readonly sending: boolean;
  /** GitHub refused the reply for good: the draft stays in the box. */
  readonly error: string | null;
  /** The reply waits in the outbox (saved; it goes when GitHub answers): the box is free again. */
  readonly queued: string | null;
}

interface Preview {
  readonly ask: Ask;
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly range: vscode.Range;
  readonly replacement: string;
  readonly partner: string;
  readonly previewUri: vscode.Uri;
}

export class ThreadService extends Disposable implements Omit<ThreadActions, 'openAsk'> {
  private readonly replyStates = new Map<string, ReplyState>();
  private readonly resolving = new Set<string>();
  private readonly previews = new Map<string, string>();
  private preview: Preview | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with an ask id when its thread changed here (a reply sent, resolved, reply state). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: LocalStore,
    private readonly account: AccountService,
    private readonly outboxes: OutboxService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const comment = {
      send: (item: Readonly<OutboxEntry>) => postReply(this.client(), item.payload as ReplyPlan, { author: this.login() }),
      findExisting: async (item: Readonly<OutboxEntry>): Promise<PostedReply | undefined> => {
        const reply = await findPostedReply(this.client(), item.payload as ReplyPlan, this.login());
        return reply ? { reply, alreadyPosted: true } : undefined;
      },
      onSent: (item: Readonly<OutboxEntry>, result: PostedReply) => this.recordReply(item, result),
    };
    const firstLine = (item: Readonly<OutboxEntry>) => ((item.payload as Partial<ReplyPlan> | undefined)?.body ?? '').split('\n')[0] ?? '';
    outboxes.register<PostedReply>('reply', { ...comment, describe: (item) => `Reply: ${firstLine(item)}` });
    outboxes.register<PostedReply>('lesson', { ...comment, describe: (item) => `Lesson: ${firstLine(item)}` });
    this._register(
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => this.previews.get(uri.toString()) ?? '' }),
    );
  }

  replyState(askId: string): ReplyState {
    return this.replyStates.get(askId) ?? { sending: false, error: null, queued: null };
  }

  private client() {
    const client = this.account.client;
    if (!client) throw Object.assign(new Error('not signed in'), { status: 401 });
    return client;
  }

  private login(): string {
    const me = this.account.account;
    if (me?.state !== 'signedIn') throw Object.assign(new Error('not signed in'), { status: 401 });
    return me.login;
  }

  private askOr(askId: string): Ask | undefined {
    const ask = this.store.ask(askId);
    if (!ask) void vscode.window.showWarningMessage('That ask is no longer in Mutual Mentor’s history.');
    return ask;
  }

  private setReplyState(askId: string, state: ReplyState): void {
    this.replyStates.set(askId, state);
    this.changed.fire(askId);
  }

  /**
   * Posts a reply in the ask's thread (saved to the outbox first). Resolves when it was sent or
   * queued; rejects, with the reason in words, when it could not even be queued (the text is not saved).
   */
  async reply(askId: string, body: string): Promise<void> {
    const ask = this.askOr(askId);
    if (!ask) throw new Error('that ask is no longer in Mutual Mentor’s history');
    if (!body.trim()) throw new Error('the reply is empty');
    const target = replyTargetOf(ask);
    if (!target.ok) {
      this.setReplyState(askId, { sending: false, error: `Cannot reply yet: ${target.reason}.`, queued: null });
      throw new Error(`cannot reply yet: ${target.reason}`);
    }
    if (!this.account.client) {
      this.setReplyState(askId, { sending: false, error: 'Sign in to GitHub to reply.', queued: null });
      throw new Error('sign in to GitHub to reply');
    }
    const plan: ReplyPlan = { id: newAskId(), askId, body: body.trim(), target: ask.target, parent: target.parent };
    this.setReplyState(askId, { sending: true, error: null, queued: null });
    await this.outboxes.outbox.enqueue({ id: plan.id, kind: 'reply', payload: plan });
    const result = await this.outboxes.outbox.drain();
    if (result.sent.some((s) => s.item.id === plan.id)) {
      this.setReplyState(askId, { sending: false, error: null, queued: null });
      return;
    }
    const entry = this.outboxes.outbox.pending().find((i) => i.id === plan.id);
    const why =
      result.paused ?? entry?.lastError ?? (result.busyElsewhere ? 'another VS Code window is sending the outbox right now' : 'GitHub did not answer');
    this.setReplyState(
      askId,
      entry?.failed
        ? { sending: false, error: `GitHub refused the reply: ${why}. It is kept in the outbox (Show Outbox to retry or discard it).`, queued: null }
        : {
            sending: false,
            error: null,
            queued: `Your reply is not sent yet (${why}). It is kept in the outbox and sent when GitHub answers; it will not be posted twice.`,
          },
    );
    if (entry?.failed) throw new Error(`GitHub refused the reply: ${why}; it is kept in the outbox`);
  }

  private recordReply(item: Readonly<OutboxEntry>, result: PostedReply): void {
    const plan = item.payload as ReplyPlan;
    const replies = this.store.replies(plan.askId).filter((r) => r.nodeId !== result.reply.nodeId);
    this.store.setReplies(plan.askId, [...replies, { ...result.reply, askId: plan.askId }]);
    this.store.putLedgerEvents(lessonEvents([result.reply]));
    if (this.replyStates.get(plan.askId)?.queued) this.replyStates.set(plan.askId, { sending: false, error: null, queued: null });
    this.log.info(`reply to ask ${plan.askId} is on GitHub: ${result.reply.url}`);
    this.changed.fire(plan.askId);
  }

  /** Resolves or unresolves the ask's review thread on GitHub (one change at a time per thread). */
  async setResolved(askId: string, resolved: boolean): Promise<void> {
    const ask = this.askOr(askId);
    if (!ask || this.resolving.has(askId)) return;
    this.resolving.add(askId);
    try {
      await this.changeResolved(ask, resolved);
    } finally {
      this.resolving.delete(askId);
    }
  }

  private async changeResolved(ask: Ask, resolved: boolean): Promise<void> {
    const askId = ask.id;
    const threadId = ask.posted?.threadNodeId;
    if (!threadId) {
      void vscode.window.showWarningMessage('Only an ask on lines of a pull request has a review thread to resolve.');
      return;
    }
    try {
      const state = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: resolved ? 'Mutual Mentor: resolving…' : 'Mutual Mentor: unresolving…' },
        () => setThreadResolved(this.client(), threadId, resolved),
      );
      const current = this.store.ask(askId);
      if (current) {
        const thread = { outdated: false, ...current.thread, resolved: state, syncedAt: new Date().toISOString() };
        this.store.upsertAsk({ ...current, thread });
      }
      this.changed.fire(askId);
    } catch (error) {
      this.log.warn(`resolve ${askId}: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Mutual Mentor could not ${resolved ? 'resolve' : 'unresolve'} the thread: ${errorMessage(error)}`);
      this.changed.fire(askId); // redraw: the button the click disabled comes back
    }
  }

  /**
   * Each reply's suggestions against the local file now (open editor's text, saved or not): applied
   * already, lines changed, or ready. Replies without suggestions, and asks not about a local file, are left out.
   */
  async suggestionStates(ask: Ask, replies: readonly Reply[]): Promise<Map<string, SuggestionState[]>> {
    const out = new Map<string, SuggestionState[]>();
    const anchor = ask.anchor;
    if (!anchor || !replies.some((r) => r.suggestions.length > 0)) return out;
    const uri = await fileForAnchor(anchor);
    if (!uri) return out;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = open
      ? open.getText()
      : await vscode.workspace.fs.readFile(uri).then(
          (b) => new TextDecoder().decode(b),
          () => undefined,
        );
    if (text === undefined) return out;
    for (const r of replies)
      if (r.suggestions.length > 0)
        out.set(
          r.nodeId,
          r.suggestions.map((x) => suggestionState(text, anchor, x)),
        );
    return out;
  }

  /** Shows the partner's suggestion as a diff against the local file; Apply makes the edit. */
  async applySuggestion(askId: string, replyNodeId: string, index: number): Promise<void> {
    const ask = this.askOr(askId);
    if (!ask) return;
    const reply = this.store.replies(askId).find((r) => r.nodeId === replyNodeId);
    const suggestion = reply?.suggestions[index];
    if (!reply || suggestion === undefined) {
      void vscode.window.showWarningMessage('That suggestion is no longer in the thread.');
      return;
    }
    const anchor = ask.anchor;
    const uri = anchor && (await fileForAnchor(anchor));
    if (!anchor || !uri) {
      const open = ask.posted ? 'Open on GitHub' : undefined;
      const choice = await vscode.window.showWarningMessage(
        anchor ? `${anchor.path} is not in this workspace.` : 'This ask is not about lines of a file.',
        ...(open ? [open] : []),
      );
      if (choice && ask.posted) await openWebUrl(reply.url);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const where = vscode.workspace.asRelativePath(uri);
    // Applying twice would put the suggested lines in twice.
    if (suggestionState(document.getText(), anchor, suggestion) === 'applied') {
      void vscode.window.showInformationMessage(`@${reply.author}’s suggestion is already applied in ${where}.`);
      this.changed.fire(askId); // the panel says Applied
      return;
    }
    const plan = planSuggestion(document.getText(), anchor, suggestion);
    if (!plan.ok) {
      const choice = await vscode.window.showWarningMessage(`The suggestion cannot be applied here: ${plan.reason}.`, 'Open on GitHub');
      if (choice) await openWebUrl(reply.url);
      return;
    }
    const previewUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${anchor.path}`, query: `${askId}-${index}-${document.version}` });
    this.previews.set(previewUri.toString(), plan.newText);
    this.preview = {
      ask,
      document,
      version: document.version,
      range: replaceRange(document, plan.startLine, plan.endLine, plan.replacement === ''),
      replacement: plan.replacement,
      partner: reply.author,
      previewUri,
    };
    const mine = this.preview;
    const lines = plan.startLine === plan.endLine ? `line ${plan.startLine}` : `lines ${plan.startLine}–${plan.endLine}`;
    await vscode.commands.executeCommand('vscode.diff', uri, previewUri, `${where} ↔ @${reply.author}’s suggestion`, { preview: true });
    const choice = await vscode.window.showInformationMessage(
      `Apply @${reply.author}’s suggestion to ${where}, ${lines}?${plan.moved ? ' (The lines moved since the ask; they were found where they are now.)' : ''}`,
      'Apply',
      'Cancel',
    );
    // A notification cannot be closed from here: when its preview is gone, its buttons say why they do nothing.
    if (choice && this.preview !== mine) {
      void vscode.window.showWarningMessage(
        this.preview
          ? 'Nothing was applied: that preview was replaced by a newer one; use the buttons of the diff on screen.'
          : 'Nothing was applied: that suggestion preview was already closed (applied or discarded). Use Apply suggestion in the thread to preview it again.',
      );
      return;
    }
    if (choice === 'Apply') await this.applyPreviewed();
    else if (choice === 'Cancel') await this.discardPreview();
  }

  /** Makes the previewed edit (the diff editor's Apply button, or the notification's). */
  async applyPreviewed(): Promise<boolean> {
    const preview = this.preview;
    if (!preview) return false;
    this.preview = undefined;
    await this.closePreview(preview.previewUri);
    if (preview.document.version !== preview.version) {
      void vscode.window.showWarningMessage('The file changed since the preview; apply the suggestion again to see it against the new text.');
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(preview.document.uri, preview.range, preview.replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage('VS Code did not apply the suggestion (the file may be read-only).');
      return false;
    }
    // The cursor goes to the change: the thread on screen stays the one the cursor rests on.
    const start = preview.range.start;
    const editor = await vscode.window.showTextDocument(preview.document, { preserveFocus: false, selection: new vscode.Range(start, start) });
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.log.info(`applied @${preview.partner}'s suggestion to ${preview.document.uri.fsPath}`);
    this.changed.fire(preview.ask.id); // the thread's button now says Applied
    const applied = preview.document.version;
    void vscode.window
      .showInformationMessage(`Applied @${preview.partner}’s suggestion. Undo with Edit › Undo (Ctrl+Z), or save to keep it.`, 'Undo')
      .then(async (c) => {
        if (c !== 'Undo') return;
        // Only while the suggestion is still the last change: otherwise Undo would take back the user's typing.
        if (preview.document.version !== applied) {
          void vscode.window.showInformationMessage('The file changed since; use Edit › Undo to step back through the changes.');
          return;
        }
        await vscode.window.showTextDocument(preview.document);
        await vscode.commands.executeCommand('undo');
      });
    return true;
  }

  async discardPreview(): Promise<void> {
    const preview = this.preview;
    this.preview = undefined;
    if (preview) await this.closePreview(preview.previewUri);
  }

  private async closePreview(uri: vscode.Uri): Promise<void> {
    this.previews.delete(uri.toString());
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  /**
   * Records what the user learned from a reply or the whole thread: a short visible comment in the
   * thread with a lesson marker naming them as the learner (the only side that may), sent through
   * the outbox like a reply. Both partners' ledgers count it from GitHub.
   */
  async markLearned(askId: string, replyNodeId: string | null): Promise<void> {
    const ask = this.askOr(askId);
    if (!ask) return;
    const me = this.account.account;
    if (me?.state !== 'signedIn') {
      void vscode.window.showWarningMessage('Sign in to GitHub to record what you learned: lessons are kept on GitHub, in the thread.');
      return;
    }
    const target = replyTargetOf(ask);
    if (!target.ok) {
      void vscode.window.showWarningMessage(`A lesson cannot be recorded yet: ${target.reason}.`);
      return;
    }
    const author = replyNodeId ? this.store.replies(askId).find((r) => r.nodeId === replyNodeId)?.author : undefined;
    const from = author && author.toLowerCase() !== me.login.toLowerCase() ? author : ask.partner;
    if (from.toLowerCase() === me.login.toLowerCase()) {
      void vscode.window.showInformationMessage('A lesson is credited by the one who learned it, to someone else.');
      return;
    }
    const text = await vscode.window.showInputBox({
      title: `Mark as learned from @${from}`,
      prompt: `One line: what did you learn? It is posted in the thread for @${from} to see, and counts in both your ledgers.`,
      placeHolder: 'e.g. a Map keeps insertion order, so the oldest key is first',
      validateInput: (v) =>
        v.trim() === ''
          ? 'Say in a few words what you learned.'
          : v.length > MAX_LESSON_TEXT
            ? `Keep it to one line (${MAX_LESSON_TEXT} characters).`
            : undefined,
    });
    if (text === undefined) return;
    const id = newAskId();
    const plan: ReplyPlan = {
      id,
      askId,
      body: text.trim(),
      target: ask.target,
      parent: target.parent,
      lesson: { id, learner: me.login, teacher: from, text: text.trim(), askId, ...(ask.topic ? { topic: ask.topic } : {}) },
    };
    await this.outboxes.outbox.enqueue({ id, kind: 'lesson', payload: plan });
    const result = await this.outboxes.outbox.drain();
    if (result.sent.some((s) => s.item.id === id)) {
      void vscode.window.showInformationMessage(`Recorded what you learned from @${from}; it is in the thread on GitHub.`);
    } else {
      void vscode.window.showWarningMessage(`Your lesson is kept in the outbox and posted when GitHub answers (${result.paused ?? 'not sent yet'}).`);
    }
  }

  /** Opens the file at the ask's lines. */
  async revealCode(askId: string): Promise<void> {
    const ask = this.askOr(askId);
    if (!ask) return;
    const uri = ask.anchor && (await fileForAnchor(ask.anchor));
    if (!ask.anchor || !uri) {
      const choice = await vscode.window.showInformationMessage(
        ask.anchor ? `${ask.anchor.path} is not in this workspace.` : 'This ask is about a whole pull request, not lines of a file.',
        ...(ask.posted ? ['Open on GitHub'] : []),
      );
      if (choice && ask.posted) await openWebUrl(ask.posted.url);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const last = Math.min(ask.anchor.endLine, document.lineCount) - 1;
    const first = Math.min(ask.anchor.startLine - 1, last);
    const range = new vscode.Range(first, 0, last, document.lineAt(Math.max(last, 0)).text.length);
    await vscode.window.showTextDocument(document, { selection: range });
  }
}

/** The range a replacement of lines `start`–`end` (1-based) covers; a deletion also takes the line break. */
function replaceRange(document: vscode.TextDocument, start: number, end: number, deletion: boolean): vscode.Range {
  const last = document.lineAt(end - 1);
  if (!deletion) return new vscode.Range(start - 1, 0, end - 1, last.text.length);
  if (end < document.lineCount) return new vscode.Range(start - 1, 0, end, 0);
  return start > 1
    ? new vscode.Range(start - 2, document.lineAt(start - 2).text.length, end - 1, last.text.length)
    : new vscode.Range(0, 0, end - 1, last.text.length);
}
