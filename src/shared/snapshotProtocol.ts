// The handshake every Mutual Mentor page shares with its host: the page says `ready` once its script
// runs (and again whenever it reloads), the host answers with a whole `snapshot` of what to show and
// sends a new whole snapshot on every change, the page reports `rendered` after drawing one, and
// sends its own actions. Each page's protocol (webviewProtocol.ts, ledgerProtocol.ts) adds its state
// and actions; both sides validate every message on receipt with the protocol's parsers.
import * as v from 'valibot';
import { parser, type Schema } from './schema';

/** What every page sends besides its own actions. */
export type PageMessage<Kind extends string> = { type: 'ready' } | { type: 'rendered'; kind: Kind };

/** The schemas of `ready` and `rendered` (of one of the page's state kinds), to put in a page's message variant. */
export function pageMessages<const Kinds extends readonly [string, ...string[]]>(kinds: Kinds) {
  return [v.object({ type: v.literal('ready') }), v.object({ type: v.literal('rendered'), kind: v.picklist(kinds) })] as const;
}

/** What the host sends: always a whole snapshot, never a delta. */
export interface Snapshot<State> {
  type: 'snapshot';
  state: State;
}

/** One page's protocol: its parsers for both directions. */
export interface SnapshotProtocol<State extends { kind: string }, Action extends { type: string }> {
  /** A state as kept by the page (restored after a reload), or undefined. */
  readonly parseState: (value: unknown) => State | undefined;
  /** A host → page message, or undefined. */
  readonly parseSnapshot: (value: unknown) => Snapshot<State> | undefined;
  /** A page → host message, or undefined. */
  readonly parseToHost: (value: unknown) => PageMessage<State['kind']> | Action | undefined;
}

/** A page's protocol from the schema of its state and the schema of everything it sends (pageMessages() and its actions). */
export function snapshotProtocol<State extends { kind: string }, Action extends { type: string }>(
  state: Schema<State>,
  toHost: Schema<PageMessage<State['kind']> | Action>,
): SnapshotProtocol<State, Action> {
  return {
    parseState: parser(state),
    parseSnapshot: parser(v.object({ type: v.literal('snapshot'), state })),
    parseToHost: parser(toHost),
  };
}

/** Whether a page → host message is part of the handshake rather than one of the page's actions. */
export function isPageMessage<Kind extends string>(message: PageMessage<Kind> | { type: string }): message is PageMessage<Kind> {
  return message.type === 'ready' || message.type === 'rendered';
}
