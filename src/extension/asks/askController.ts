// "Ask Partner About Selection": plans where the ask goes (src/core/asks), shows the composer in the
// Replies panel, and on Send writes the ask to the outbox first, then to GitHub. When GitHub has it,
// the ask is recorded in the store and shows in Exchanges. Nothing typed is lost on a failed send:
// the ask stays in the outbox (visible in the status bar) and is retried, never posted twice.
import * as vscode from 'vscode';
import type { AskPlan } from '../../core/asks/plan';
import { newAskId } from '../../core/asks/compose';
import { findPostedAsk } from '../../core/asks/find';
import { postAsk, type PostResult } from '../../core/asks/post';
import { recordSentAsk } from '../../core/asks/sent';
import { preparePullRequestAsk, prepareSelectionAsk } from '../../core/asks/prepare';
import type { RepoRef } from '../../core/model';
import type { LocalStore, OutboxEntry } from '../../core/store/store';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { OutboxService } from '../outboxService';
import { findTag, parseTags, sentTagText, type AskTag } from '../../core/tags/parse';
import type { PartnersService } from '../partners';
import { settings } from '../settings';
import { CommandId } from '../../shared/commandIds';
import type { ComposeMessage, RepliesViewProvider } from '../views/repliesViewProvider';
import { errorMessage } from '../../core/errors';
import type { RepliesPresenter } from '../views/repliesPresenter';

const RECENT_TOPICS = 'mutualMentor.recentTopics';

interface Draft {
  readonly plan: AskPlan;
  readonly location: string;
}

export class AskController extends Disposable {
  private draft: Draft | undefined;
  /** ASK tags being sent (by document, login and question), and the ones whose ask waits in the outbox. */
  private readonly tagsInFlight = new Set<string>();
  private readonly tagOfAsk = new Map<string, { uri: vscode.Uri; tag: AskTag; key: string }>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when an ask was recorded (sent) or the outbox changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: LocalStore,
    private readonly account: AccountService,
    private readonly partners: PartnersService,
    private readonly replies: RepliesViewProvider,
    private readonly outboxes: OutboxService,
    private readonly presenter: RepliesPresenter,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    outboxes.register<PostResult>('ask', {
      send: (item) => this.send(item),
      findExisting: (item) => this.findExisting(item),
      onSent: (item, result) => this.recordSent(item, result),
      describe: (item) => {
        const plan = item.payload as Partial<AskPlan> | undefined;
        return `Ask @${plan?.partner ?? '?'}: ${(plan?.question ?? '').split('\n')[0] ?? ''}`;
      },
    });
    this._register(outboxes.onDidChange(() => this.changed.fire()));
    this._register(replies.onDidCompose((m) => void this.onCompose(m)));
  }

  private get outbox() {
    return this.outboxes.outbox;
  }

  /** Signed in, with a partner, in a trusted workspace: the client and partners, or undefined (the user was told). */
  private async readyToAsk(): Promise<{ client: NonNullable<AccountService['client']>; partners: string[] } | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Mutual Mentor reads git history to anchor an ask, and does not run git in an untrusted workspace. Trust this workspace to ask about its code.',
      );
      return undefined;
    }
    await this.account.whenSettled();
    const client = this.account.client;
    if (!client) {
      const choice = await vscode.window.showWarningMessage('Sign in to GitHub to ask a partner.', 'Sign In');
      if (choice) await vscode.commands.executeCommand(CommandId.SignIn);
      return undefined;
    }
    const partners = this.partners.partners.map((p) => p.login);
    if (partners.length === 0) {
      const choice = await vscode.window.showInformationMessage('Pair with a partner first: who do you want to ask?', 'Pair with Partner…');
      if (choice) await vscode.commands.executeCommand(CommandId.PairWithPartner);
      return undefined;
    }
    return { client, partners };
  }

  /** Prepares an ask about the active editor's selection and opens the composer. */
  async askAboutSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a file and select the code you are stuck on, then ask again.');
      return;
    }
    const ready = await this.readyToAsk();
    if (!ready) return;
    const { client, partners } = ready;
    const document = editor.document;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (document.uri.scheme !== 'file' || !folder) {
      void vscode.window.showWarningMessage('Only files inside an open workspace folder can be asked about (the ask is anchored to the folder’s git history).');
      return;
    }
    const selection = editor.selection;
    const startLine = selection.start.line + 1;
    const endLine = selection.isEmpty
      ? startLine
      : selection.end.character === 0 && selection.end.line > selection.start.line
        ? selection.end.line
        : selection.end.line + 1;
    const text = document.getText(new vscode.Range(startLine - 1, 0, endLine - 1, document.lineAt(endLine - 1).text.length));
    const me = this.account.account;
    const exchange = parseRepo(settings.exchangeRepository(document.uri), me?.host ?? '');
    const label = settings.exchangeLabel();
    const prepared = await Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Mutual Mentor: finding where the ask goes…' }, () =>
        prepareSelectionAsk(client, {
          ask: { id: newAskId(), partner: partners[0], question: '' },
          folder: folder.uri.fsPath,
          file: document.uri.fsPath,
          startLine,
          endLine,
          text,
          unsaved: document.isDirty,
          ...(exchange ? { exchange } : {}),
          ...(label ? { label } : {}),
        }),
      ),
    ).catch((error: unknown) => ({ ok: false as const, reason: errorMessage(error) }));
    if (!prepared.ok) {
      void vscode.window.showErrorMessage(`Mutual Mentor cannot ask about this selection: ${prepared.reason}`);
      return;
    }
    const location = `${vscode.workspace.asRelativePath(document.uri)}, ${startLine === endLine ? `line ${startLine}` : `lines ${startLine}–${endLine}`}`;
    this.draft = { plan: prepared.plan, location };
    this.showDraft(null, false);
    await this.replies.reveal();
  }

  /**
   * Sends an `ASK:` tag as an ask (the code action of the language server): about the code block
   * right under the tag, to the tag's partner (or the first one), with the tag's question. Answers
   * the ask's URL once GitHub has it; undefined (the user was told why) otherwise.
   */
  async sendTag(tag: AskTag, uri: vscode.Uri): Promise<{ url: string; partner: string } | undefined> {
    // One send per tag at a time: a second quick fix while the first is on its way would ask twice.
    const key = `${uri.toString()}\n${tag.login ?? ''}\n${tag.question}`;
    if (this.tagsInFlight.has(key)) {
      void vscode.window.showInformationMessage('This ASK tag is already on its way (it may be waiting in the outbox); it is rewritten once GitHub has it.');
      return undefined;
    }
    this.tagsInFlight.add(key);
    let queuedAs: string | undefined;
    try {
      const result = await this.sendTagOnce(tag, uri, (id) => (queuedAs = id));
      return result;
    } finally {
      if (queuedAs) this.tagOfAsk.set(queuedAs, { uri, tag, key });
      else this.tagsInFlight.delete(key);
    }
  }

  private async sendTagOnce(tag: AskTag, uri: vscode.Uri, queued: (askId: string) => void): Promise<{ url: string; partner: string } | undefined> {
    const ready = await this.readyToAsk();
    if (!ready) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (uri.scheme !== 'file' || !folder) {
      void vscode.window.showWarningMessage(
        'Only tags in files inside an open workspace folder can be sent (the ask is anchored to the folder’s git history).',
      );
      return undefined;
    }
    const partner = tag.login ?? ready.partners[0];
    // The code the tag is about: the block under it, up to a blank line (at most 10 lines); else the tag's own line.
    let last = tag.line;
    while (last + 1 < document.lineCount && last - tag.line < 10 && document.lineAt(last + 1).text.trim() !== '') last++;
    const startLine = last > tag.line ? tag.line + 2 : tag.line + 1;
    const endLine = last + 1;
    const text = document.getText(new vscode.Range(startLine - 1, 0, endLine - 1, document.lineAt(endLine - 1).text.length));
    const exchange = parseRepo(settings.exchangeRepository(uri), this.account.account?.host ?? '');
    const label = settings.exchangeLabel();
    const prepared = await prepareSelectionAsk(ready.client, {
      ask: { id: newAskId(), partner, question: tag.question },
      folder: folder.uri.fsPath,
      file: uri.fsPath,
      startLine,
      endLine,
      text,
      unsaved: document.isDirty,
      ...(exchange ? { exchange } : {}),
      ...(label ? { label } : {}),
    }).catch((error: unknown) => ({ ok: false as const, reason: errorMessage(error) }));
    if (!prepared.ok) {
      void vscode.window.showErrorMessage(`Mutual Mentor cannot send this ASK tag: ${prepared.reason}`);
      return undefined;
    }
    await this.outbox.enqueue({ id: prepared.plan.id, kind: 'ask', payload: prepared.plan });
    const result = await this.outbox.drain();
    const sent = result.sent.find((x): x is { item: OutboxEntry; result: PostResult } => x.item.id === prepared.plan.id);
    if (!sent) {
      queued(prepared.plan.id);
      void vscode.window.showWarningMessage(
        `The ask is kept in the outbox and sent when GitHub answers; the tag is rewritten once it is on GitHub (${result.paused ?? 'not sent yet'}).`,
      );
      return undefined;
    }
    void vscode.window.showInformationMessage(`Asked @${partner}: ${describeTarget(sent.result)}.`);
    return { url: sent.result.posted.url, partner };
  }

  /** Prepares tagging the open pull request of the workspace's branch as an ask, and opens the composer. */
  async tagPullRequest(): Promise<void> {
    const ready = await this.readyToAsk();
    if (!ready) return;
    const uri = vscode.window.activeTextEditor?.document.uri;
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Open the folder of the branch whose pull request you want to ask about.');
      return;
    }
    const label = settings.exchangeLabel();
    const prepared = await Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Mutual Mentor: finding the pull request…' }, () =>
        preparePullRequestAsk(ready.client, {
          ask: { id: newAskId(), partner: ready.partners[0], question: '' },
          folder: folder.uri.fsPath,
          ...(label ? { label } : {}),
        }),
      ),
    ).catch((error: unknown) => ({ ok: false as const, reason: errorMessage(error) }));
    if (!prepared.ok) {
      void vscode.window.showErrorMessage(`Mutual Mentor cannot tag a pull request: ${prepared.reason}`);
      return;
    }
    const t = prepared.plan.target;
    this.draft = { plan: prepared.plan, location: `The whole pull request ${t.repo.owner}/${t.repo.name}#${'pull' in t ? t.pull : ''}` };
    this.showDraft(null, false);
    await this.replies.reveal();
  }

  private showDraft(error: string | null, sending: boolean): void {
    if (!this.draft) return;
    const { plan, location } = this.draft;
    const partner = this.partners.partners.find((p) => p.login === plan.partner);
    const recent = this.memento.get<string[]>(RECENT_TOPICS, []);
    this.replies.showCompose({
      draftId: plan.id,
      partners: this.partners.partners.map((p) => p.login),
      partner: plan.partner,
      topics: [...new Set([...recent, ...(partner?.teaches ?? []), ...(partner?.pair?.mine.learns ?? [])])],
      location,
      snippet: plan.code?.snippet ?? '',
      destination: plan.reason,
      notes: plan.notes,
      sending,
      error,
    });
  }

  private async onCompose(message: ComposeMessage): Promise<void> {
    const draft = this.draft;
    if (!draft || draft.plan.id !== message.draftId) return;
    if (message.type === 'cancel') {
      this.draft = undefined;
      this.replies.showEmpty();
      return;
    }
    const plan: AskPlan = { ...draft.plan, partner: message.partner, question: message.question.trim(), ...(message.topic ? { topic: message.topic } : {}) };
    this.draft = { ...draft, plan };
    if (message.topic)
      await this.memento.update(
        RECENT_TOPICS,
        [message.topic, ...this.memento.get<string[]>(RECENT_TOPICS, []).filter((t) => t !== message.topic)].slice(0, 10),
      );
    this.showDraft(null, true);
    await this.outbox.enqueue({ id: plan.id, kind: 'ask', payload: plan });
    const result = await this.outbox.drain();
    const sent = result.sent.find((s): s is { item: OutboxEntry; result: PostResult } => s.item.id === plan.id);
    if (sent) {
      this.draft = undefined;
      // The panel now shows the ask's thread, so the reply appears in it the moment sync brings it.
      const ask = this.store.ask(plan.id);
      const text = `Sent: your question is on GitHub as ${describeTarget(sent.result)}.`;
      if (ask) {
        this.presenter.showSent(ask, text);
      } else {
        this.replies.showSent(`Asked @${plan.partner}`, `${text} Their reply will show in Exchanges.`, sent.result.posted.url);
      }
      for (const w of sent.result.warnings) void vscode.window.showWarningMessage(`Mutual Mentor: ${w}`);
      return;
    }
    const entry = this.outbox.pending().find((i) => i.id === plan.id);
    const why =
      result.paused ?? entry?.lastError ?? (result.busyElsewhere ? 'Another VS Code window is sending the outbox right now' : 'GitHub did not answer');
    this.draft = undefined;
    this.presenter.showWaiting(
      plan.id,
      entry?.failed ? 'The ask could not be sent' : 'Your ask is waiting to send',
      entry?.failed
        ? `GitHub refused it: ${why}. It is kept in the outbox.`
        : `${why}. It is kept in the outbox and sent as soon as GitHub answers; it will not be posted twice.`,
    );
  }

  private client() {
    const client = this.account.client;
    if (!client) throw Object.assign(new Error('not signed in'), { status: 401 });
    return client;
  }

  private async send(item: Readonly<OutboxEntry>): Promise<PostResult> {
    const me = this.account.account;
    return postAsk(this.client(), item.payload as AskPlan, me?.state === 'signedIn' ? { author: me.login } : {});
  }

  private async findExisting(item: Readonly<OutboxEntry>): Promise<PostResult | undefined> {
    const plan = item.payload as AskPlan;
    const me = this.account.account;
    const posted = await findPostedAsk(this.client(), plan.target, plan.id, me?.state === 'signedIn' ? { author: me.login } : {});
    return posted ? { plan, target: plan.target, posted, alreadyPosted: true, warnings: [] } : undefined;
  }

  private recordSent(item: Readonly<OutboxEntry>, result: PostResult): void {
    const plan = result.plan;
    const ask = recordSentAsk(this.store, item, result);
    this.log.info(`ask ${plan.id} to @${plan.partner} is on GitHub: ${result.posted.url}`);
    this.changed.fire();
    // The panel still says this ask waits in the outbox: it is on GitHub now, so show its thread.
    this.presenter.askDelivered(ask, `Sent from the outbox: your question is on GitHub as ${describeTarget(result)}.`, this.draft !== undefined);
    const tagged = this.tagOfAsk.get(plan.id);
    if (tagged)
      void this.rewriteTag(tagged, result.posted.url, plan.partner).finally(() => {
        this.tagOfAsk.delete(plan.id);
        this.tagsInFlight.delete(tagged.key);
      });
  }

  /** A tag whose ask waited in the outbox: rewritten to its sent form now that GitHub has it (if it is still there). */
  private async rewriteTag(tagged: { uri: vscode.Uri; tag: AskTag }, url: string, partner: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(tagged.uri).then(
      (d) => d,
      () => undefined,
    );
    const now = document && findTag(parseTags(document.getText(), { language: document.languageId }), tagged.tag);
    if (!document || !now) return; // edited away meanwhile: nothing to rewrite
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(now.line, now.startCharacter, now.line, now.endCharacter), sentTagText(now, url, partner));
    await vscode.workspace.applyEdit(edit);
  }
}

/** "owner/name" from the exchangeRepository setting, on the signed-in host. */
function parseRepo(value: string | undefined, host: string): RepoRef | undefined {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec((value ?? '').trim());
  return m ? { host, owner: m[1], name: m[2] } : undefined;
}

function describeTarget(result: PostResult): string {
  const t = result.target;
  const repo = `${t.repo.owner}/${t.repo.name}`;
  switch (t.kind) {
    case 'reviewComment':
      return `a review comment on ${repo}#${t.pull}`;
    case 'fileComment':
      return `a comment on ${t.path} in ${repo}#${t.pull}`;
    case 'issue':
      return `issue ${repo}#${result.posted.number ?? ''}`;
    case 'pullRequest':
      return `a comment on ${repo}#${t.pull}`;
  }
}
