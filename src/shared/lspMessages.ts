// The custom LSP messages, defined once with their param and result types; the extension
// (vscode-languageclient) and the server (vscode-languageserver) both register and send these, so a
// changed payload fails the type check on both sides. Imports vscode-jsonrpc: only the language
// client's bundle and the server import this file, never the activation bundle or a web page.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { AsksParams, SendTagParams, SendTagResult, WorkspaceTagsParams, WorkspaceTagsResult } from './lspProtocol';

/** Client → server: the asks of one document (an empty list clears them). */
export const AsksNotification = { type: new NotificationType<AsksParams>('mutualMentor/asks') } as const;

/** Server → client: send this tag as an ask. The client answers with the ask's URL, or null when not sent. */
export const SendTagRequest = { type: new RequestType<SendTagParams, SendTagResult | null, void>('mutualMentor/sendTag') } as const;

/** Client → server: unsent tags across the workspace folders (cancellable). */
export const WorkspaceTagsRequest = { type: new RequestType<WorkspaceTagsParams | null, WorkspaceTagsResult, void>('mutualMentor/workspaceTags') } as const;
