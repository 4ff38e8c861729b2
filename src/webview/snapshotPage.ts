// The page side of the snapshot handshake (src/shared/snapshotProtocol.ts), shared by the Replies and
// Ledger pages: it draws the snapshot kept from before a reload at once, says `ready`, draws each
// snapshot the host sends (validated; anything malformed is ignored), keeps it in the webview state
// with the page's own fields (drafts…), and reports `rendered`.
import type { PageMessage, SnapshotProtocol } from '../shared/snapshotProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SnapshotPage<State extends { kind: string }, Action extends { type: string }> {
  /** What the page kept besides its view before it was reloaded (unchecked: validate each field). */
  readonly saved: Readonly<Record<string, unknown>>;
  /** Sends a message to the host. */
  readonly post: (message: PageMessage<State['kind']> | Action) => void;
  /** Saves the view shown and the page's own fields in the webview state. */
  readonly persist: () => void;
  /** Draws the kept view if there is one, then asks the host for the current state; draws every snapshot after. */
  start(draw: (state: State) => void): void;
}

/**
 * Connects a page to its host. `fields` gives the page's own fields to keep with the view (called on
 * each persist, so it may read state set up after this call).
 */
export function snapshotPage<State extends { kind: string }, Action extends { type: string }>(
  protocol: SnapshotProtocol<State, Action>,
  fields: () => Record<string, unknown> = () => ({}),
): SnapshotPage<State, Action> {
  const api = acquireVsCodeApi();
  const kept = api.getState();
  const saved = isRecord(kept) ? kept : {};
  let view: State | undefined;
  const post = (message: PageMessage<State['kind']> | Action) => api.postMessage(message);
  const persist = () => api.setState({ ...fields(), view });
  return {
    saved,
    post,
    persist,
    start(draw) {
      const show = (state: State) => {
        draw(state);
        view = state;
        persist();
        post({ type: 'rendered', kind: state.kind });
      };
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const message = protocol.parseSnapshot(event.data);
        if (message) show(message.state);
        else console.warn('Mutual Mentor: ignored a malformed message from the host');
      });
      const restored = protocol.parseState(saved.view);
      if (restored) show(restored);
      post({ type: 'ready' });
    },
  };
}
