import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import { SEND_TAG_COMMAND } from '../shared/lspProtocol';

export const SERVER_NAME = 'Mutual Mentor Language Server';

/**
 * What the server announces on `initialize`: incremental sync, and the tag and ask features.
 * The send command is announced only to a client that said it can send (the VS Code extension).
 */
export function initializeResult(version: string, options: { canSendTags?: boolean } = {}): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: { label: 'ASK tags' },
      workspaceSymbolProvider: true,
      ...(options.canSendTags ? { executeCommandProvider: { commands: [SEND_TAG_COMMAND] } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: SERVER_NAME, version },
  };
}
