// Every command Mutual Mentor contributes, registered in one place.
// The ids are in src/shared/commandIds.ts; package.json `contributes.commands` lists exactly those (a unit test checks it).
import * as vscode from 'vscode';
import { NO_FILTER, isFiltering } from '../core/exchanges';
import { errorMessage } from '../core/errors';
import type { LocalStore } from '../core/store/store';
import type { AskController } from './asks/askController';
import type { RepliesPresenter } from './views/repliesPresenter';
import type { SyncService } from './sync/syncService';
import type { OutboxService } from './outboxService';
import type { ThreadService } from './threads/threadService';
import type { LedgerService } from './ledger/ledgerService';
import type { MentorLanguageClient } from './lsp/languageClient';
import { ledgerExportFormats, type LedgerExportFormat } from '../shared/ledgerProtocol';
import { AskComment, type InlineThreads } from './comments/inlineThreads';
import type { UnreadService } from './comments/unreadService';
import type { PairDeps } from './commands/pairWithPartner';
import type { PairAction } from '../core/pairs/markers';
import { loadPairs } from './pairs/load';
import type { ThreadActions } from './threads/threadActions';
import { REPLIES_VIEW_ID } from './views/repliesViewProvider';
import { AskNode, EXCHANGES_VIEW_ID, type ExchangesTreeProvider } from './views/exchangesTreeProvider';
import { openWebUrl } from './openExternal';
import { CommandId } from '../shared/commandIds';

export interface CommandContext extends PairDeps {
  readonly log: vscode.LogOutputChannel;
  /** Ready once the local store is read. */
  readonly services: Promise<{
    readonly controller: AskController;
    readonly presenter: RepliesPresenter;
    readonly sync: SyncService;
    readonly store: LocalStore;
    readonly outboxes: OutboxService;
    readonly threadService: ThreadService;
    readonly ledger: LedgerService;
  }>;
  readonly threads: InlineThreads;
  readonly exchanges: ExchangesTreeProvider;
  readonly unread: UnreadService;
  /** Read when a command runs, so a later implementation can replace it. */
  readonly actions: () => ThreadActions;
  readonly languageClient: Pick<MentorLanguageClient, 'restart'>;
}

export function registerAllCommands(ctx: CommandContext): vscode.Disposable[] {
  const handlers: Record<CommandId, (...args: unknown[]) => Thenable<unknown> | void> = {
    [CommandId.ShowReplies]: () => vscode.commands.executeCommand(`${REPLIES_VIEW_ID}.focus`),
    [CommandId.ShowExchanges]: () => vscode.commands.executeCommand(`${EXCHANGES_VIEW_ID}.focus`),
    [CommandId.ShowLog]: () => ctx.log.show(true),
    [CommandId.PairWithPartner]: async (arg?: unknown) => (await loadPairs()).pairWithPartner(ctx, arg),
    [CommandId.AcceptPair]: (pair?: unknown, topics?: unknown) => pairAction(ctx, 'accept', pair, topics),
    [CommandId.DeclinePair]: (pair?: unknown) => pairAction(ctx, 'decline', pair),
    [CommandId.ChangePairTopics]: (pair?: unknown, topics?: unknown) => pairAction(ctx, 'topics', pair, topics),
    [CommandId.PausePair]: (pair?: unknown) => pairAction(ctx, 'pause', pair),
    [CommandId.ResumePair]: (pair?: unknown) => pairAction(ctx, 'resume', pair),
    [CommandId.EndPair]: (pair?: unknown) => pairAction(ctx, 'end', pair),
    [CommandId.SignIn]: () => ctx.account.signIn(),
    [CommandId.SignInWithToken]: (token?: unknown) => ctx.account.signInWithToken(token),
    [CommandId.SignOut]: () => ctx.account.signOut(),
    [CommandId.AskAboutSelection]: async () => (await ctx.services).controller.askAboutSelection(),
    [CommandId.TagPullRequest]: async () => (await ctx.services).controller.tagPullRequest(),
    [CommandId.OpenAsk]: async (askId?: unknown) => {
      await (await ctx.services).presenter.openAsk(askId);
      if (typeof askId === 'string') await ctx.unread.markRead(askId);
    },
    [CommandId.Refresh]: async () => {
      await Promise.all([ctx.pairs.refresh(), (await ctx.services).sync.refreshNow()]);
    },
    [CommandId.ReplyInline]: (reply?: unknown) => replyInline(ctx, reply),
    [CommandId.ResolveThread]: (arg?: unknown) => setResolved(ctx, arg, true),
    [CommandId.UnresolveThread]: (arg?: unknown) => setResolved(ctx, arg, false),
    [CommandId.OpenThreadInPanel]: (arg?: unknown) =>
      withAsk(ctx, arg, async (id) => {
        await ctx.actions().openAsk(id);
        await ctx.unread.markRead(id);
      }),
    [CommandId.GoToCode]: (arg?: unknown) => withAsk(ctx, arg, (id) => ctx.actions().revealCode(id)),
    [CommandId.OpenOnGitHub]: (arg?: unknown) =>
      withAsk(ctx, arg, async (id) => {
        const url = (await ctx.services).store.ask(id)?.posted?.url;
        if (url) await openWebUrl(url);
        else void vscode.window.showInformationMessage('This ask is not on GitHub yet: it is waiting in the outbox.');
      }),
    [CommandId.MarkRead]: (arg?: unknown) => withAsk(ctx, arg, (id) => ctx.unread.markRead(id)),
    [CommandId.MarkAllRead]: () => ctx.unread.markAllRead(),
    [CommandId.ApplySuggestion]: (comment?: unknown) => applySuggestion(ctx, comment),
    [CommandId.MarkLearned]: (arg?: unknown) => withAsk(ctx, arg, (id) => ctx.actions().markLearned(id, arg instanceof AskComment ? arg.replyNodeId : null)),
    [CommandId.FilterExchanges]: () => ctx.exchanges.pickFilter(),
    [CommandId.ClearExchangesFilter]: () => ctx.exchanges.setFilter(NO_FILTER),
    [CommandId.RevealAskAtCursor]: () => revealAskAtCursor(ctx),
    [CommandId.ShowOutbox]: async () => (await ctx.services).outboxes.showOutbox(),
    [CommandId.ApplyPreviewedSuggestion]: async () => (await ctx.services).threadService.applyPreviewed(),
    [CommandId.DiscardPreviewedSuggestion]: async () => (await ctx.services).threadService.discardPreview(),
    [CommandId.ShowLedger]: async () => (await ctx.services).ledger.show(),
    [CommandId.ExportLedger]: async (format?: unknown, target?: unknown) => exportLedger(ctx, format, target),
    [CommandId.RestartLanguageServer]: () => ctx.languageClient.restart(),
  };
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]): Promise<unknown> => {
      try {
        return await handler(...args);
      } catch (error) {
        ctx.log.error(`${id} failed:`, error instanceof Error ? error : String(error));
        void vscode.window
          .showErrorMessage(`Mutual Mentor: "${id}" failed. See the log for details.`, 'Show Log')
          .then((choice) => (choice ? ctx.log.show() : undefined));
        return undefined;
      }
    }),
  );
}

/** A pair command (src/extension/commands/pairCommands.ts), from the lazily loaded dist/pairs.cjs. */
async function pairAction(ctx: CommandContext, action: PairAction, pair: unknown, topics?: unknown): Promise<unknown> {
  return (await loadPairs()).pairAction(ctx, action, pair, topics);
}

/** The ask a command was run on: an id, a row of the Exchanges tree, a comment, a thread or a reply to one. */
function askIdOf(ctx: CommandContext, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof AskNode) return arg.ask.id;
  if (arg instanceof AskComment) return arg.askId;
  if (typeof arg === 'object' && arg !== null && 'thread' in arg) return ctx.threads.askIdOf((arg as vscode.CommentReply).thread);
  return ctx.threads.askIdOf(arg);
}

async function withAsk(ctx: CommandContext, arg: unknown, run: (askId: string) => Promise<void>): Promise<void> {
  const id = askIdOf(ctx, arg);
  if (!id) {
    void vscode.window.showInformationMessage('Run this from an ask in the Exchanges view or on a Mutual Mentor thread in the editor.');
    return;
  }
  await run(id);
}

/** Posts what was typed in a thread's reply box; the text shows as "Sending…" until GitHub has it. */
async function replyInline(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const reply = arg as Partial<vscode.CommentReply> | undefined;
  const id = askIdOf(ctx, reply);
  const text = typeof reply?.text === 'string' ? reply.text.trim() : '';
  if (!id || !text) return false;
  const pending = ctx.threads.addPending(id, text);
  try {
    await ctx.actions().reply(id, text);
  } catch (error) {
    pending.failed();
    const choice = await vscode.window.showErrorMessage(`Mutual Mentor: your reply was not sent. ${errorMessage(error)}`, 'Copy Reply');
    if (choice) await vscode.env.clipboard.writeText(text);
    return false;
  }
  pending.sent();
  await ctx.unread.markRead(id);
  return true;
}

/** Resolve/Unresolve, from a thread's title or its reply box (where typed text is posted first). */
async function setResolved(ctx: CommandContext, arg: unknown, resolved: boolean): Promise<void> {
  const text = typeof arg === 'object' && arg !== null && 'text' in arg && typeof arg.text === 'string' ? arg.text.trim() : '';
  if (text && !(await replyInline(ctx, arg))) return;
  await withAsk(ctx, arg, async (id) => {
    await ctx.actions().setResolved(id, resolved);
    await ctx.unread.markRead(id);
  });
}

async function applySuggestion(ctx: CommandContext, comment: unknown): Promise<void> {
  if (!(comment instanceof AskComment) || !comment.replyNodeId || comment.suggestions.length === 0) {
    void vscode.window.showInformationMessage('Run this on a reply that suggests a change.');
    return;
  }
  let index = 0;
  if (comment.suggestions.length > 1) {
    const picked = await vscode.window.showQuickPick(
      comment.suggestions.map((s, i) => ({ label: `Suggestion ${i + 1}`, detail: s.split('\n')[0] ?? '', index: i })),
      { title: 'Apply which suggestion?' },
    );
    if (!picked) return;
    index = picked.index;
  }
  await ctx.actions().applySuggestion(comment.askId, comment.replyNodeId, index);
}

async function revealAskAtCursor(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const id = editor ? ctx.threads.askAt(editor.document.uri, editor.selection.active.line + 1) : undefined;
  if (!id) {
    void vscode.window.showInformationMessage('No ask is anchored at the cursor.');
    return;
  }
  if (await ctx.exchanges.reveal(id, { focus: true })) return;
  if (!isFiltering(ctx.exchanges.currentFilter)) {
    await ctx.actions().openAsk(id); // an ask with someone who is no longer a partner
    return;
  }
  const choice = await vscode.window.showInformationMessage('The ask at the cursor is hidden by the Exchanges filter.', 'Clear Filter', 'Open Thread');
  if (choice === 'Clear Filter') {
    await ctx.exchanges.setFilter(NO_FILTER);
    await ctx.exchanges.reveal(id, { focus: true });
  } else if (choice === 'Open Thread') {
    await ctx.actions().openAsk(id);
  }
}

/** Export as Markdown, CSV or JSON: asks which when run from the palette; scripts may pass the format and a file URI. */
async function exportLedger(ctx: CommandContext, format: unknown, target: unknown): Promise<vscode.Uri | undefined> {
  const labels: Record<LedgerExportFormat, string> = {
    markdown: 'Markdown (for a retro or a review)',
    csv: 'CSV (for a spreadsheet)',
    json: 'JSON (for tools)',
  };
  const chosen = (ledgerExportFormats as readonly unknown[]).includes(format)
    ? (format as LedgerExportFormat)
    : (
        await vscode.window.showQuickPick(
          ledgerExportFormats.map((f) => ({ label: labels[f], format: f })),
          { title: 'Export the mentoring ledger as' },
        )
      )?.format;
  if (!chosen) return undefined;
  return (await ctx.services).ledger.export(chosen, target instanceof vscode.Uri ? target : undefined);
}
