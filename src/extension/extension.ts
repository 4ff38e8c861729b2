// Activation and composition root: creates each part once and registers it for disposal.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LocalStore } from '../core/store/store';
import { AccountService } from './account';
import { AskController } from './asks/askController';
import { OutboxService } from './outboxService';
import { ThreadService } from './threads/threadService';
import { SyncService } from './sync/syncService';
import type { MutualMentorApi } from './api';
import { registerAllCommands } from './commands';
import { createLog } from './log';
import { PartnersService } from './partners';
import { ExchangesTreeProvider, EXCHANGES_VIEW_ID } from './views/exchangesTreeProvider';
import { RepliesViewProvider, REPLIES_VIEW_ID } from './views/repliesViewProvider';

export function activate(context: vscode.ExtensionContext): MutualMentorApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  const version = (context.extension.packageJSON as { version: string }).version;
  const replies = new RepliesViewProvider(context.extensionUri, log);
  const exchanges = new ExchangesTreeProvider();
  const account = new AccountService(log, `mutual-mentor/${version} (VS Code ${vscode.version})`, context.secrets, context.globalState);
  const partners = new PartnersService(log);
  exchanges.setPartners(partners.partners);
  // The store is read in the background; commands that need it wait for it. Activation does not.
  const asks = LocalStore.open(context.globalStorageUri.fsPath, { log: (m) => log.warn(`store: ${m}`) }).then((store) => {
    openStore = store;
    for (const line of store.recovered) log.warn(`store recovered: ${line}`);
    const outboxes = new OutboxService(store, account, log);
    const controller = new AskController(store, account, partners, replies, outboxes, context.globalState, log);
    const threads = new ThreadService(store, account, outboxes, context.globalState, log, (id) => controller.openAsk(id));
    const sync = new SyncService(store, account, partners, log);
    context.subscriptions.push(
      outboxes,
      controller,
      threads,
      sync,
      threads.onDidChange((id) => {
        exchanges.setAsks(store.asks());
        controller.repliesChanged(id);
      }),
      controller.onDidChange(() => exchanges.setAsks(store.asks())),
      sync.onDidChange(({ askIds }) => {
        exchanges.setAsks(store.asks());
        for (const id of askIds) controller.repliesChanged(id);
      }),
    );
    exchanges.setAsks(store.asks());
    void outboxes.outbox.drain();
    return { controller, sync, threads };
  });
  context.subscriptions.push(
    partners,
    partners.onDidChange((list) => exchanges.setPartners(list)),
    replies,
    exchanges,
    account,
    account.onDidChange((a) => replies.setAccount(a)),
    vscode.window.registerWebviewViewProvider(REPLIES_VIEW_ID, replies),
    vscode.window.createTreeView(EXCHANGES_VIEW_ID, { treeDataProvider: exchanges, showCollapseAll: true }),
    ...registerAllCommands({ log, account, partners, services: asks }),
  );

  account.refresh(); // in the background: activation does not wait for the network
  const activationMs = performance.now() - started;
  log.info(
    `Mutual Mentor ${version} activated in ${activationMs.toFixed(1)} ms ` +
      `(VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI` +
      `${vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : ''})`,
  );
  return {
    activationMs,
    nextRepliesRender: () =>
      new Promise((resolve) => {
        const sub = replies.onDidRender((kind) => {
          sub.dispose();
          resolve(kind);
        });
      }),
    exchangesRootCount: () => exchanges.rootCount(),
    asksWith: (login) => exchanges.asksOf(login),
    account: async () => {
      await account.whenSettled();
      return account.account;
    },
    githubApi: () => account.apiUrl,
    refreshAccount: async () => {
      account.refresh();
      await account.whenSettled();
      return account.account;
    },
  };
}

let openStore: LocalStore | undefined;

/** Writes what the store holds (asks, the outbox) before the extension host stops. */
export async function deactivate(): Promise<void> {
  await openStore?.flush();
}
