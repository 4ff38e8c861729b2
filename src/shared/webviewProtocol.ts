// The typed message protocol between the extension host and the Replies webview.
// Both sides import these types; every message is validated on receipt with the guards below,
// because a webview is a separate, less trusted context and anything may arrive on the channel.

/** Actions a button in the webview may ask the host to run. The host maps each to a command. */
export const webviewActions = ['showExchanges', 'showLog', 'signIn'] as const;
export type WebviewAction = (typeof webviewActions)[number];

export interface ActionButton {
  readonly action: WebviewAction;
  readonly label: string;
}

/** Who the extension is signed in as, or why it is not. */
export type AccountView =
  | { readonly state: 'signedIn'; readonly login: string; readonly host: string }
  | { readonly state: 'signedOut'; readonly host: string; readonly problem: string };

/** A full snapshot of what the Replies page shows. The host always sends whole snapshots, never deltas. */
export type RepliesViewState = {
  readonly kind: 'empty';
  readonly title: string;
  readonly detail: string;
  readonly actions: readonly ActionButton[];
  readonly account: AccountView | null;
};

// webview → host
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly kind: RepliesViewState['kind'] }
  | { readonly type: 'action'; readonly action: WebviewAction };

// host → webview
export type HostToWebview = { readonly type: 'snapshot'; readonly state: RepliesViewState };

const MAX_TEXT = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

export function isWebviewAction(value: unknown): value is WebviewAction {
  return typeof value === 'string' && (webviewActions as readonly string[]).includes(value);
}

/** Returns the message if it is a well-formed webview → host message, otherwise undefined. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return value.kind === 'empty' ? { type: 'rendered', kind: value.kind } : undefined;
    case 'action':
      return isWebviewAction(value.action) ? { type: 'action', action: value.action } : undefined;
    default:
      return undefined;
  }
}

function parseActionButton(value: unknown): ActionButton | undefined {
  if (!isRecord(value) || !isWebviewAction(value.action) || !isText(value.label)) return undefined;
  return { action: value.action, label: value.label };
}

function parseAccount(value: unknown): AccountView | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isText(value.host)) return undefined;
  if (value.state === 'signedIn' && isText(value.login)) return { state: 'signedIn', login: value.login, host: value.host };
  if (value.state === 'signedOut' && isText(value.problem)) return { state: 'signedOut', host: value.host, problem: value.problem };
  return undefined;
}

export function parseRepliesViewState(value: unknown): RepliesViewState | undefined {
  if (!isRecord(value) || value.kind !== 'empty') return undefined;
  if (!isText(value.title) || !isText(value.detail) || !Array.isArray(value.actions)) return undefined;
  const actions: ActionButton[] = [];
  for (const raw of value.actions) {
    const button = parseActionButton(raw);
    if (!button) return undefined;
    actions.push(button);
  }
  const account = parseAccount(value.account);
  if (account === undefined) return undefined;
  return { kind: 'empty', title: value.title, detail: value.detail, actions, account };
}

/** Returns the message if it is a well-formed host → webview message, otherwise undefined. */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isRecord(value) || value.type !== 'snapshot') return undefined;
  const state = parseRepliesViewState(value.state);
  return state ? { type: 'snapshot', state } : undefined;
}
