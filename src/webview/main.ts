// The Replies page, running inside the webview. It renders whole snapshots sent by the host,
// keeps the last one in the webview state (so a hidden-then-shown view paints at once),
// and only sends messages defined in src/shared/webviewProtocol.ts.
import {
  parseHostMessage,
  parseRepliesViewState,
  type RepliesViewState,
  type WebviewToHost,
} from '../shared/webviewProtocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

function accountLine(account: NonNullable<RepliesViewState['account']>): HTMLElement {
  const line = el('p', { className: `account ${account.state}` });
  const icon = el('span', { className: `codicon ${account.state === 'signedIn' ? 'codicon-account' : 'codicon-warning'}` });
  icon.setAttribute('aria-hidden', 'true');
  const text = account.state === 'signedIn' ? `Signed in as @${account.login} on ${account.host}` : `Not signed in to ${account.host}: ${account.problem}`;
  line.append(icon, el('span', { textContent: text }));
  return line;
}

function render(state: RepliesViewState): void {
  if (!root) return;
  const section = el('section', { className: 'empty' });
  section.setAttribute('aria-live', 'polite');
  const icon = el('span', { className: 'codicon codicon-comment-discussion' });
  icon.setAttribute('aria-hidden', 'true');
  section.append(icon, el('h2', { textContent: state.title }), el('p', { textContent: state.detail }));
  const actions = el('div', { className: 'actions' });
  state.actions.forEach((button, index) => {
    const b = el('button', { type: 'button', textContent: button.label, className: index === 0 ? '' : 'secondary' });
    b.addEventListener('click', () => vscode.postMessage({ type: 'action', action: button.action }));
    actions.append(b);
  });
  if (state.actions.length > 0) section.append(actions);
  const children: HTMLElement[] = [section];
  if (state.account) children.unshift(accountLine(state.account));
  root.replaceChildren(...children);
  vscode.setState(state);
  vscode.postMessage({ type: 'rendered', kind: state.kind });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    console.warn('Mutual Mentor: ignored a malformed message from the host');
    return;
  }
  render(message.state);
});

const saved = parseRepliesViewState(vscode.getState());
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
