// One running language server as the extension sees it: vscode-languageclient over IPC, the custom
// messages (src/shared/lspMessages.ts) and the settings-change signal. Built as its own bundle
// (dist/lspClient.cjs, see esbuild.config.js) that MentorLanguageClient loads the first time the
// server starts, so activation does not load vscode-languageclient (~390 KB with jsonrpc and the protocol).
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { errorMessage } from '../../core/errors';
import { AsksNotification, SendTagRequest, WorkspaceTagsRequest } from '../../shared/lspMessages';
import type { AskItem, InitializationOptions, SendTagParams, SendTagResult, WorkspaceTagsResult } from '../../shared/lspProtocol';

export interface ClientSessionOptions {
  /** dist/server.cjs */
  readonly serverModule: string;
  readonly log: vscode.LogOutputChannel;
  /** Answers the server's SendTagRequest. */
  readonly onSendTag: (params: SendTagParams) => Promise<SendTagResult | null>;
  /** After every start, a crash's restart too: the server knows no asks then. */
  readonly onRunning: () => void;
}

export interface ClientSession {
  isRunning(): boolean;
  sendAsks(uri: string, asks: readonly AskItem[]): void;
  workspaceTags(exclude: readonly string[], token?: vscode.CancellationToken): Promise<WorkspaceTagsResult>;
  dispose(): Promise<void>;
}

/** VS Code's own ripgrep (node_modules/@vscode/ripgrep under the app root; unpacked from the asar in older builds). */
function bundledRipgrep(): { ripgrepPath?: string } {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = path.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', exe);
    if (existsSync(candidate)) return { ripgrepPath: candidate };
  }
  return {};
}

/** Starts a server; rejects (having cleaned up) when it does not start. */
export async function startClientSession(options: ClientSessionOptions): Promise<ClientSession> {
  const { serverModule: module, log } = options;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticCollectionName: 'mutualMentor',
    // Replies are untrusted: no command links, no HTML in hovers.
    markdown: { isTrusted: false, supportHtml: false },
    // What the client can do; the settings the server pulls itself (workspace/configuration).
    initializationOptions: {
      canSendTags: true,
      clientCommands: true,
      ...bundledRipgrep(),
      gitGrep: vscode.workspace.isTrusted,
    } satisfies InitializationOptions,
  };
  const client = new LanguageClient('mutualMentor', 'Mutual Mentor Language Server', serverOptions, clientOptions);
  client.onRequest(SendTagRequest.type, (params) => options.onSendTag(params));
  let started = false;
  client.onDidChangeState((e) => {
    if (started && e.newState === State.Running) options.onRunning();
  });
  // A change of what the server reads is only a signal: it pulls the settings again.
  const settingsChanged = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!client.isRunning() || !(e.affectsConfiguration('mutualMentor.languageServer') || e.affectsConfiguration('mutualMentor.tags'))) return;
    void client
      .sendNotification(DidChangeConfigurationNotification.type, { settings: null })
      .catch((error: unknown) => log.warn(`language server: settings change not signalled: ${errorMessage(error)}`));
  });
  const dispose = async () => {
    settingsChanged.dispose();
    await client.dispose();
  };
  try {
    await client.start();
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
  started = true;
  return {
    isRunning: () => client.isRunning(),
    sendAsks: (uri, asks) => {
      void client
        .sendNotification(AsksNotification.type, { uri, asks })
        .catch((error: unknown) => log.warn(`language server: asks not sent: ${errorMessage(error)}`));
    },
    workspaceTags: (exclude, token) => client.sendRequest(WorkspaceTagsRequest.type, { exclude }, token),
    dispose,
  };
}
