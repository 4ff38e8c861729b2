import { TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';

export const SERVER_NAME = 'Mutual Mentor Language Server';

/**
 * What the server announces on `initialize`. For now it only tracks open documents
 * incrementally; anchors, CodeLens, hovers, diagnostics and `ASK:` tags build on this.
 */
export function initializeResult(version: string): InitializeResult {
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: SERVER_NAME, version },
  };
}
