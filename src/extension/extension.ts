// Activation and composition root: creates each part once and registers it for disposal.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LocalStore } from '../core/store/store';
import { AccountService } from './account';
import { AskController } from './asks/askController';
import { loadQuestionRenderer } from './asks/questionRenderer';
import { OutboxService } from './outboxService';
import { ThreadService } from './threads/threadService';
import { LedgerService } from './ledger/ledgerService';
import { AskPlacement } from './lsp/askPlacement';
import { LedgerPanel } from './views/ledgerPanel';
import { SyncService } from './sync/syncService';
import { WatchSignals } from './sync/watchSignals';
import type { MutualMentorApi } from './api';
import { registerAllCommands } from './commands';
import { CursorFollower } from './comments/cursorFollower';
import { InlineThreads } from './comments/inlineThreads';
import { UnreadService } from './comments/unreadService';
import { runThreadAction, type ThreadActions } from './threads/threadActions';
import { RepliesPresenter } from './views/repliesPresenter';
import { Redraws } from './redraws';
import { createLog } from './log';
import { MentorLanguageClient } from './lsp/languageClient';
import { PartnersService } from './partners';
import { PairsService } from './pairs/pairsService';
import { loadPairs } from './pairs/load';
import { InvitationNode } from './views/pairNodes';
import { settings } from './settings';
import { ExchangesTreeProvider } from './views/exchangesTreeProvider';
import { RepliesViewProvider, REPLIES_VIEW_ID } from './views/repliesViewProvider';
import { saveBeforeStopping, StoreStatus } from './storeStatus';

export function activate(context: vscode.ExtensionContext): MutualMentorApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  const version = (context.extension.packageJSON as { version: string }).version;
  const replies = new RepliesViewProvider(context.extensionUri, log);
  const ledgerPanel = new LedgerPanel(context.extensionUri, log);
  const exchanges = new ExchangesTreeProvider(context.workspaceState);
  const account = new AccountService(log, `mutual-mentor/${version} (VS Code ${vscode.version})`, context.secrets, context.globalState);
  const partners = new PartnersService(log);
  // The pairs on GitHub (ARCHITECTURE.md §Pairs): read after sign-in, merged into the partners.
  const pairs = new PairsService(account, partners, context.globalState, log);
  const invitationNodes = () => partners.invitations.map((v) => new InvitationNode(v));
  const me = () => (account.account?.state === 'signedIn' ? account.account.login : undefined);
  const unread = new UnreadService(context.globalState, me);
  const threads = new InlineThreads(me);
  // Starts its server lazily (a command, asks with code, or an open document with an ASK tag).
  const languageClient = new MentorLanguageClient(context, log);
  openClient = languageClient;
  // What the panel, the inline threads and the tree do with a thread; each waits for the store.
  const actions: ThreadActions = {
    reply: async (id, body) => (await asks).threadService.reply(id, body),
    setResolved: async (id, resolved) => (await asks).threadService.setResolved(id, resolved),
    applySuggestion: async (id, reply, index) => (await asks).threadService.applySuggestion(id, reply, index),
    markLearned: async (id, reply) => (await asks).threadService.markLearned(id, reply),
    revealCode: async (id) => (await asks).threadService.revealCode(id),
    openAsk: async (id) => (await asks).presenter.openAsk(id),
  };
  exchanges.setPartners(partners.partners, invitationNodes());
  const setHasPartner = () => {
    void vscode.commands.executeCommand('setContext', 'mutualMentor.hasPartner', partners.partners.length > 0);
    // With nothing on screen, the panel says what to do next: pair first, then ask.
    if (replies.current.kind === 'empty' && replies.emptyReason.reason !== 'offline' && replies.emptyReason.reason !== 'error') {
      replies.showEmpty(partners.partners.length > 0 ? 'noAsk' : 'noPartner');
    }
  };
  setHasPartner();
  // The store is read in the background; commands that need it wait for it. Activation does not.
  const asks = LocalStore.open(context.globalStorageUri.fsPath, { log: (m) => log.warn(`store: ${m}`) }).then(async (store) => {
    await loadQuestionRenderer((m) => log.warn(m)); // markdown-it: after activation, before any thread is drawn
    openStore = store;
    openLog = log;
    for (const line of store.recovered) log.warn(`store recovered: ${line}`);
    context.subscriptions.push(new StoreStatus(store, log)); // says so while saving fails
    const outboxes = new OutboxService(store, account, log);
    const threadService = new ThreadService(store, account, outboxes, log);
    const presenter = new RepliesPresenter(store, replies, threadService);
    const controller = new AskController(store, account, partners, replies, outboxes, presenter, context.globalState, log);
    const sync = new SyncService(store, account, partners, log);
    const placement = new AskPlacement(
      { asks: () => store.asks(), repliesOf: (id) => store.replies(id), unreadOf: (id) => unread.unreadOf(id) },
      (uri, items) => languageClient.pushAsks(uri, items),
      log,
    );
    threads.setPlacement((id) => placement.placeOf(id));
    const watching = new WatchSignals({
      asks: () => store.asks(),
      placeOf: (id) => placement.placeOf(id),
      onDidPlace: placement.onDidChange,
      replies,
      watch: (ids, reason) => sync.watch(ids, reason),
    });
    const ledger = new LedgerService(store, account, partners, ledgerPanel, context.globalState, log, (id) => presenter.openAsk(id));
    const redraws = new Redraws({
      store,
      me,
      unread,
      exchanges,
      threads,
      ledger,
      ledgerPanel,
      placement,
      presenter,
      outboxes,
      controller,
      threadService,
      sync,
      watching,
    });
    context.subscriptions.push(outboxes, controller, presenter, threadService, sync, watching, ledger, placement, redraws, { dispose: () => store.dispose() });
    store.watch();
    // Unsent tags across the workspace, for Exchanges: once the server runs, and again after saves.
    let tagScan: ReturnType<typeof setTimeout> | undefined;
    const scanTags = () => {
      clearTimeout(tagScan);
      tagScan = setTimeout(() => {
        if (!languageClient.isRunning) return;
        void languageClient.workspaceTags(settings.tagsExclude()).then(
          (files) => exchanges.setTags(files),
          (e: unknown) => log.warn(`tags: ${e instanceof Error ? e.message : String(e)}`),
        );
      }, 1000);
    };
    context.subscriptions.push(vscode.workspace.onDidSaveTextDocument(scanTags), { dispose: () => clearTimeout(tagScan) });
    languageClient.setSendTag(async (tag, uri) => {
      const sent = await controller.sendTag(tag, uri);
      scanTags();
      return sent;
    });
    // The language server starts only when there is something for it: asks anchored in code.
    if (store.asks().some((a) => a.anchor)) void languageClient.ensureStarted().then((started) => started && scanTags());
    redraws.drawAll();
    void outboxes.outbox.drain();
    return { controller, presenter, sync, store, outboxes, threadService, ledger, placement };
  });
  exchanges.createView(); // owned by the provider
  context.subscriptions.push(
    partners,
    pairs,
    pairs.onDidRefresh(() => void loadPairs().then(({ promptPairs }) => promptPairs(partners, context.globalState))),
    partners.onDidChange((list) => {
      exchanges.setPartners(list, invitationNodes());
      setHasPartner();
    }),
    replies,
    ledgerPanel,
    exchanges,
    unread,
    threads,
    new CursorFollower(threads, exchanges, unread, (id) => void asks.then(({ presenter }) => presenter.followCursor(id))),
    languageClient,
    account,
    account.onDidChange((a) => {
      replies.setAccount(a);
      void asks.then(({ store }) => {
        unread.update(store, false); // who "me" is decides which replies count
        void threads.update(store.asks(), (id) => store.replies(id), unread.summary.perAsk);
      });
    }),
    vscode.window.registerWebviewViewProvider(REPLIES_VIEW_ID, replies),
    replies.onDidThreadAction((a) => void runThreadAction(actions, a)),
    ...registerAllCommands({ log, account, partners, pairs, services: asks, threads, exchanges, unread, actions: () => actions, languageClient }),
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
    partners: () => partners.partners,
    pairInvitations: () => partners.invitations,
    pairs: () => pairs.pairs,
    unsentTagCount: () => exchanges.tagCount(),
    asksWith: (login) => exchanges.asksOf(login),
    exchangeItem: (askId) => exchanges.itemOf(askId),
    unreadCount: () => unread.summary.total,
    inlineThreadCount: async () => {
      await asks;
      await threads.whenIdle();
      return threads.count;
    },
    inlineThreadLabels: async () => {
      await asks;
      await threads.whenIdle();
      return threads.labels();
    },
    storeDir: () => context.globalStorageUri.fsPath,
    storeSaveState: async () => (await asks).store.saveState,
    syncSchedule: async () => (await asks).sync.pollSchedule,
    isWatched: async (askId) => (await asks).sync.isWatched(askId),
    askPlace: async (askId, resolve = true) => {
      const { placement } = await asks;
      if (resolve) await placement.placeNow();
      const placed = placement.placeOf(askId);
      return placed && { path: placed.place.path, status: placed.place.status, startLine: placed.place.startLine, endLine: placed.place.endLine };
    },
    account: async () => {
      await account.whenSettled();
      return account.account;
    },
    githubApi: () => account.apiUrl,
    ledgerFigures: async (partner) => {
      const { ledger } = await asks;
      await ledger.refresh();
      const view = ledger.view();
      const row = view.kind === 'ledger' ? view.partners.find((p) => p.login.toLowerCase() === partner.toLowerCase()) : undefined;
      return row && { taught: row.taught, learned: row.learned, helpGiven: row.helpGiven, helpReceived: row.helpReceived };
    },
    refreshAccount: async () => {
      account.refresh();
      await account.whenSettled();
      return account.account;
    },
  };
}

let openStore: LocalStore | undefined;
let openClient: MentorLanguageClient | undefined;
let openLog: vscode.LogOutputChannel | undefined;

/** Writes what the store holds (asks, the outbox) before the extension host stops. */
export async function deactivate(): Promise<void> {
  if (openStore) await saveBeforeStopping(openStore, openLog);
  openStore?.dispose();
  await openClient?.stop().catch(() => undefined);
}
