// Entry point of the Mutual Mentor language server. Runs in its own process: over IPC when
// started by the extension, or over stdio (`node dist/server.js --stdio`) for other editors.
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initializeResult } from './capabilities';

declare const SERVER_VERSION: string | undefined;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => initializeResult(typeof SERVER_VERSION === 'string' ? SERVER_VERSION : '0.0.0'));
documents.listen(connection);
connection.listen();
