// Every command Mutual Mentor contributes, registered in one place.
// package.json `contributes.commands` must list exactly these ids (an integration test checks it).
import * as vscode from 'vscode';
import type { AskController } from './asks/askController';
import type { SyncService } from './sync/syncService';
import { pairWithPartner, type PairDeps } from './commands/pairWithPartner';
import { REPLIES_VIEW_ID } from './views/repliesViewProvider';
import { EXCHANGES_VIEW_ID } from './views/exchangesTreeProvider';

export enum CommandId {
  ShowReplies = 'mutualMentor.showReplies',
  ShowExchanges = 'mutualMentor.showExchanges',
  ShowLog = 'mutualMentor.showLog',
  PairWithPartner = 'mutualMentor.pairWithPartner',
  SignIn = 'mutualMentor.signIn',
  SignInWithToken = 'mutualMentor.signInWithToken',
  SignOut = 'mutualMentor.signOut',
  AskAboutSelection = 'mutualMentor.askAboutSelection',
  TagPullRequest = 'mutualMentor.tagPullRequest',
  OpenAsk = 'mutualMentor.openAsk',
  Refresh = 'mutualMentor.refresh',
}

export interface CommandContext extends PairDeps {
  readonly log: vscode.LogOutputChannel;
  /** Ready once the local store is read. */
  readonly services: Promise<{ readonly controller: AskController; readonly sync: SyncService }>;
}

export function registerAllCommands(ctx: CommandContext): vscode.Disposable[] {
  const handlers: Record<CommandId, (...args: unknown[]) => Thenable<unknown> | void> = {
    [CommandId.ShowReplies]: () => vscode.commands.executeCommand(`${REPLIES_VIEW_ID}.focus`),
    [CommandId.ShowExchanges]: () => vscode.commands.executeCommand(`${EXCHANGES_VIEW_ID}.focus`),
    [CommandId.ShowLog]: () => ctx.log.show(true),
    [CommandId.PairWithPartner]: (login?: unknown) => pairWithPartner(ctx, login),
    [CommandId.SignIn]: () => ctx.account.signIn(),
    [CommandId.SignInWithToken]: (token?: unknown) => ctx.account.signInWithToken(token),
    [CommandId.SignOut]: () => ctx.account.signOut(),
    [CommandId.AskAboutSelection]: async () => (await ctx.services).controller.askAboutSelection(),
    [CommandId.TagPullRequest]: async () => (await ctx.services).controller.tagPullRequest(),
    [CommandId.OpenAsk]: async (askId?: unknown) => (await ctx.services).controller.openAsk(askId),
    [CommandId.Refresh]: async () => (await ctx.services).sync.refreshNow(),
  };
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]): Promise<unknown> => {
      try {
        return await handler(...args);
      } catch (error) {
        ctx.log.error(`${id} failed:`, error instanceof Error ? error : String(error));
        void vscode.window.showErrorMessage(`Mutual Mentor: "${id}" failed. See the log for details.`, 'Show Log').then(
          (choice) => (choice ? ctx.log.show() : undefined),
        );
        return undefined;
      }
    }),
  );
}
