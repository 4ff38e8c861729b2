// The Replies page, running inside the webview. It renders whole snapshots sent by the host,
// keeps the last one and any draft in the webview state (so a hidden-then-shown view paints at
// once and loses nothing typed), and only sends messages defined in src/shared/webviewProtocol.ts.
import { parseHostMessage, parseRepliesViewState, type RepliesViewState, type WebviewToHost } from '../shared/webviewProtocol';
import { accountLine, renderCompose, renderEmpty, renderSent, renderThread, type Drafts } from './views';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Saved {
  view?: unknown;
  drafts?: Record<string, { question: string; topic: string; partner: string }>;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const saved = (vscode.getState() ?? {}) as Saved;
let drafts: NonNullable<Saved['drafts']> = typeof saved.drafts === 'object' && saved.drafts !== null ? saved.drafts : {};
let current: RepliesViewState | undefined;

const persist = () => vscode.setState({ view: current, drafts } satisfies Saved);
const draftStore: Drafts = {
  get: (id) => drafts[id],
  set: (id, draft) => {
    drafts = { [id]: draft }; // one draft at a time: the newest
    persist();
  },
};
const post = (message: WebviewToHost) => vscode.postMessage(message);

function render(state: RepliesViewState): void {
  if (!root) return;
  current = state;
  const body = state.kind === 'compose' ? renderCompose(state, post, draftStore)
    : state.kind === 'sent' ? renderSent(state, post)
      : state.kind === 'thread' ? renderThread(state, post)
        : renderEmpty(state, post);
  root.replaceChildren(...(state.account ? [accountLine(state.account)] : []), body);
  if (state.kind === 'sent') drafts = {};
  persist();
  post({ type: 'rendered', kind: state.kind });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    console.warn('Mutual Mentor: ignored a malformed message from the host');
    return;
  }
  render(message.state);
});

const restored = parseRepliesViewState(saved.view);
if (restored) render(restored);
post({ type: 'ready' });
