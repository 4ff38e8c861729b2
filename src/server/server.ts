// Entry point of the Mutual Mentor language server. Runs in its own process: over IPC when
// started by the extension, or over stdio (`node dist/server.cjs --stdio`) for other editors.
// The logic lives in session.ts and the *Features modules; this file only wires the connection.
import {
  CodeLensRefreshRequest,
  createConnection,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AsksNotification, SendTagRequest, WorkspaceTagsRequest } from '../shared/lspMessages';
import { isAsksParams, isSendTagResult, isWorkspaceTagsParams, SEND_TAG_COMMAND, SETTINGS_SECTION, type WorkspaceTagsResult } from '../shared/lspProtocol';
import { initializeResult } from './capabilities';
import { Session } from './session';
import { isValidTag, sentTagEdit } from './tagFeatures';
import { findTag } from '../core/tags/parse';
import { filePath, tagSymbolsMatching, workspaceTags } from './workspaceTags';

declare const SERVER_VERSION: string | undefined;

const DIAGNOSTICS_DELAY_MS = 150;
const SYMBOLS_CACHE_MS = 5_000;

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session = new Session(undefined);
let folders: string[] = [];
let codeLensRefresh = false;
/** The client answers workspace/configuration: settings are pulled, never taken from a notification. */
let canPullSettings = false;
/** Settings are pulled once initialized; diagnostics and scans wait for them (a failed pull keeps the defaults). */
let settingsReady: Promise<void> = Promise.resolve();
const pending = new Map<string, ReturnType<typeof setTimeout>>();
const scans = new Set<AbortController>();
let symbolsCache: { at: number; key: string; result: Promise<WorkspaceTagsResult> } | undefined;

const folderPaths = (list: readonly WorkspaceFolder[] | null | undefined) =>
  (list ?? []).map((f) => filePath(f.uri)).filter((p): p is string => p !== undefined);

connection.onInitialize((params) => {
  session = new Session(params.initializationOptions);
  folders = params.workspaceFolders
    ? folderPaths(params.workspaceFolders)
    : [params.rootUri ? filePath(params.rootUri) : undefined].filter((p): p is string => !!p);
  codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  const canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  canPullSettings = params.capabilities.workspace?.configuration === true;
  connection.onInitialized(() => {
    if (canPullSettings) settingsReady = pullSettings();
    if (!canWatchFolders) return;
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(folderPaths(e.removed));
      folders = [...folders.filter((f) => !removed.has(f)), ...folderPaths(e.added)];
      symbolsCache = undefined;
    });
  });
  return initializeResult(typeof SERVER_VERSION === 'string' ? SERVER_VERSION : '0.0.0', { canSendTags: session.canSendTags });
});

/** Reads the `mutualMentor` section from the client (workspace/configuration). */
async function pullSettings(): Promise<void> {
  try {
    session.configure((await connection.workspace.getConfiguration({ section: SETTINGS_SECTION })) as unknown);
  } catch (error) {
    connection.console.warn(`settings not read, using the defaults: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// A change is the signal to pull again (the VS Code extension sends `settings: null`); only a client
// that cannot be asked has the settings it pushes read.
connection.onDidChangeConfiguration(({ settings }) => {
  if (canPullSettings) settingsReady = pullSettings();
  else session.configure(settings);
  void settingsReady.then(() => {
    symbolsCache = undefined;
    for (const doc of documents.all()) publishSoon(doc.uri, 0);
  });
});

/** Diagnostics are published after a short quiet time, so typing does not reparse on every key. */
function publishSoon(uri: string, delay = DIAGNOSTICS_DELAY_MS): void {
  clearTimeout(pending.get(uri));
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      void settingsReady.then(() => {
        const doc = documents.get(uri);
        if (doc) void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: session.diagnostics(doc) });
      });
    }, delay),
  );
}

documents.onDidOpen(({ document }) => publishSoon(document.uri, 0));
documents.onDidChangeContent(({ document }) => {
  publishSoon(document.uri);
  symbolsCache = undefined;
});
documents.onDidClose(({ document }) => {
  clearTimeout(pending.get(document.uri));
  pending.delete(document.uri);
  session.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onNotification(AsksNotification.type, (params) => {
  if (!isAsksParams(params)) {
    connection.console.warn(`${AsksNotification.type.method}: ignored a malformed notification`);
    return;
  }
  session.setAsks(params);
  if (documents.get(params.uri)) publishSoon(params.uri, 0);
  if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
});

const withDoc = <T>(uri: string, run: (doc: TextDocument) => T): T | null => {
  const doc = documents.get(uri);
  return doc ? run(doc) : null;
};
connection.onHover(({ textDocument, position }) => withDoc(textDocument.uri, (doc) => session.hover(doc, position) ?? null));
connection.onCodeLens(({ textDocument }) => withDoc(textDocument.uri, (doc) => session.codeLenses(doc)));
connection.onCodeAction(({ textDocument, range, context }) =>
  withDoc(textDocument.uri, (doc) => session.codeActions(doc, range, context.diagnostics, context.only)),
);
connection.onDocumentSymbol(({ textDocument }) => withDoc(textDocument.uri, (doc) => session.symbols(doc)));

/** Sends a tag through the client, then rewrites it to its sent form where it is now. */
connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (command !== SEND_TAG_COMMAND || !session.canSendTags) return null;
  const [uri, wanted] = (args ?? []) as unknown[];
  if (typeof uri !== 'string' || !isValidTag(wanted)) return null;
  const before = documents.get(uri);
  const tag = before && findTag(session.tagsOf(before).tags, wanted);
  if (!tag) return null; // edited away since the code action was offered
  const result = await connection.sendRequest(SendTagRequest.type, { uri, tag });
  if (!isSendTagResult(result)) return null;
  const doc = documents.get(uri);
  const now = doc && findTag(session.tagsOf(doc).tags, tag);
  if (!doc || !now) {
    connection.console.warn(`Sent the ask, but its tag is no longer in ${uri}; it was left as it is.`);
    return result;
  }
  const applied = await connection.workspace.applyEdit({ label: 'Mark ASK tag as sent', edit: sentTagEdit(uri, doc.version, now, result.url, result.partner) });
  if (!applied.applied) connection.console.warn(`The sent ask's tag was not rewritten: ${applied.failureReason ?? 'the edit was refused'}`);
  return result;
});

/** Runs a workspace scan that a cancelled request or a shutdown stops. */
async function scanWorkspace(exclude: readonly string[], token?: CancellationToken): Promise<WorkspaceTagsResult> {
  const controller = new AbortController();
  scans.add(controller);
  const listener = token?.onCancellationRequested(() => controller.abort());
  try {
    await settingsReady;
    const open = documents.all().map((d) => ({ uri: d.uri, tags: session.tagsOf(d).tags }));
    return await workspaceTags(folders, open, [...session.settings.exclude, ...exclude], controller.signal, session.searchers);
  } catch (error) {
    if (controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace scan cancelled');
    throw new ResponseError(ErrorCodes.InternalError, `workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    listener?.dispose();
    scans.delete(controller);
  }
}

connection.onRequest(WorkspaceTagsRequest.type, (params, token) => {
  if (!isWorkspaceTagsParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, `${WorkspaceTagsRequest.type.method}: malformed params`);
  return scanWorkspace(params?.exclude ?? [], token);
});

connection.onWorkspaceSymbol(async ({ query }, token) => {
  await settingsReady;
  const key = `${folders.join('\n')}|${session.settings.exclude.join('\n')}`;
  if (!symbolsCache || symbolsCache.key !== key || Date.now() - symbolsCache.at > SYMBOLS_CACHE_MS) {
    const result = scanWorkspace([]);
    symbolsCache = { at: Date.now(), key, result };
    result.catch(() => (symbolsCache = undefined));
  }
  const result = await symbolsCache.result;
  return token.isCancellationRequested ? [] : tagSymbolsMatching(result, query);
});

connection.onShutdown(() => {
  for (const s of scans) s.abort();
  for (const t of pending.values()) clearTimeout(t);
  pending.clear();
});

documents.listen(connection);
connection.listen();
