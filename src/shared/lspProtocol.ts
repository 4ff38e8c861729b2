// The payloads of the custom LSP messages between the extension (vscode-languageclient) and the
// language server, with their guards; the messages themselves (method names bound to these types)
// are in lspMessages.ts, which needs vscode-jsonrpc. This file needs nothing, so the extension's
// activation bundle can use it without pulling in the LSP libraries. Params are validated on receipt.
// Everything else the server does is plain LSP, so any editor gets the tag features without these.
import type { AskTag } from './askTag';
import { CommandId, InternalCommandId } from './commandIds';

export type { AskTag };

/** How an ask's anchor maps onto the document as it is now. */
export const anchorStatuses = ['exact', 'moved', 'changed', 'lost'] as const;
export type AnchorStatus = (typeof anchorStatuses)[number];

/** One ask anchored in a document, as the extension sees it. */
export interface AskItem {
  readonly askId: string;
  /** 0-based, inclusive (LSP lines, not the 1-based lines of CodeAnchor). Ignored when lost. */
  readonly startLine: number;
  readonly endLine: number;
  readonly status: AnchorStatus;
  /** Who was asked (sent) or who asked (received). */
  readonly partner: string;
  /** Absent: 'sent'. */
  readonly direction?: 'sent' | 'received';
  readonly question?: string;
  readonly replies: number;
  readonly unread: number;
  /** The newest reply; its body is untrusted GitHub markdown. */
  readonly latestReply?: { readonly author: string; readonly body: string };
}

/** The params of AsksNotification (lspMessages.ts): the asks of one document. */
export interface AsksParams {
  readonly uri: string;
  readonly asks: readonly AskItem[];
}

/** SendTagRequest (server → client): send this tag as an ask. */
export interface SendTagParams {
  readonly uri: string;
  readonly tag: AskTag;
}
export interface SendTagResult {
  readonly url: string;
  /** The login it went to (a tag without one goes to the default partner). */
  readonly partner?: string;
}

/** WorkspaceTagsRequest (client → server): unsent tags across the workspace folders. */
export interface WorkspaceTagsParams {
  /** Globs to leave out, in addition to the `mutualMentor.tags.exclude` setting. */
  readonly exclude?: readonly string[];
}
export interface WorkspaceTagsResult {
  readonly files: readonly { readonly uri: string; readonly tags: readonly AskTag[] }[];
  /** The workspace had more files than one scan reads. */
  readonly truncated: boolean;
}

/**
 * `initializationOptions` the VS Code client sends: what it can do, never settings (the server pulls
 * those). Other editors send none and get the plain tag features.
 */
export interface InitializationOptions {
  /** The client answers SendTagRequest: offer "Send as ask". */
  readonly canSendTags?: boolean;
  /** The client implements the mutualMentor.* commands code actions and lenses run. */
  readonly clientCommands?: boolean;
  /** An absolute path to a ripgrep binary (VS Code ships one) the workspace tag scan may run. */
  readonly ripgrepPath?: string;
  /** The workspace is trusted: the tag scan may run `git grep` (git reads the repository's config). */
  readonly gitGrep?: boolean;
}

/** The configuration section the server pulls with workspace/configuration. */
export const SETTINGS_SECTION = 'mutualMentor';

/** The `mutualMentor` settings the server reads. */
export interface ServerSettings {
  readonly diagnostics: boolean;
  readonly exclude: readonly string[];
}

export const DEFAULT_SETTINGS: ServerSettings = { diagnostics: true, exclude: [] };

/** The client-side commands the server's code actions and lenses run (contributed by the extension). */
export const ClientCommand = {
  openAsk: CommandId.OpenAsk,
  askAboutSelection: CommandId.AskAboutSelection,
  markLearned: CommandId.MarkLearned,
} as const;

/** The command the server registers (workspace/executeCommand) to send a tag. */
export const SEND_TAG_COMMAND = InternalCommandId.ServerSendTag;

export function isAsksParams(value: unknown): value is AsksParams {
  return isRecord(value) && isText(value.uri) && Array.isArray(value.asks) && value.asks.length <= 10_000 && value.asks.every(isAskItem);
}

export function isAskItem(value: unknown): value is AskItem {
  if (!isRecord(value)) return false;
  const { askId, startLine, endLine, status, partner, direction, question, replies, unread, latestReply } = value;
  return (
    isText(askId, 200) &&
    isLine(startLine) &&
    isLine(endLine) &&
    startLine <= endLine &&
    (anchorStatuses as readonly unknown[]).includes(status) &&
    isText(partner, 100) &&
    (direction === undefined || direction === 'sent' || direction === 'received') &&
    (question === undefined || isText(question)) &&
    isCount(replies) &&
    isCount(unread) &&
    (latestReply === undefined || (isRecord(latestReply) && isText(latestReply.author, 100) && isText(latestReply.body)))
  );
}

export function isSendTagResult(value: unknown): value is SendTagResult {
  return isRecord(value) && isText(value.url, 2000) && /^https?:\/\//.test(value.url) && (value.partner === undefined || isText(value.partner, 100));
}

export function isWorkspaceTagsParams(value: unknown): value is WorkspaceTagsParams {
  return (
    value === undefined ||
    value === null ||
    (isRecord(value) && (value.exclude === undefined || (Array.isArray(value.exclude) && value.exclude.every((g) => isText(g, 500)))))
  );
}

/**
 * Settings from the pulled `mutualMentor` section (VS Code's nested shape), or from a client that
 * cannot be asked and pushes them with didChangeConfiguration; defaults for what is missing.
 */
export function readSettings(value: unknown): ServerSettings {
  if (!isRecord(value)) return DEFAULT_SETTINGS;
  // Accept both the flat shape and VS Code's nested configuration section.
  const ls = isRecord(value.languageServer) ? value.languageServer : value;
  const tags = isRecord(value.tags) ? value.tags : value;
  const diagnostics = typeof ls.diagnostics === 'boolean' ? ls.diagnostics : DEFAULT_SETTINGS.diagnostics;
  const exclude = Array.isArray(tags.exclude) ? tags.exclude.filter((g): g is string => isText(g, 500)) : DEFAULT_SETTINGS.exclude;
  return { diagnostics, exclude };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max = 65_536): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isLine(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}
