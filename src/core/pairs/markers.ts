// The pair markers (ARCHITECTURE.md §Pairs), in the same hidden comment as every other marker
// (src/core/marker.ts): the invitation in the issue body,
//   <!-- mutual-mentor {"v":1,"kind":"pair","id":"<uuid>","inviter":"ada","invitee":"grace","teaches":[…],"learns":[…]} -->
// and one per answer comment, naming the pair by its id:
//   <!-- mutual-mentor {"v":1,"kind":"pair-accept","pair":"<uuid>","teaches":[…],"learns":[…]} -->
// A marker that does not parse is a warning, never an exception; topics are cleaned on the way in.
import { formatMarkerPayload, MARKER_VERSION, markerPayloads } from '../marker';
import { isValidLogin } from '../partners';
import type { PairTopics } from './model';
import { cleanTopics } from './topics';

export const pairActions = ['accept', 'decline', 'topics', 'pause', 'resume', 'end'] as const;
export type PairAction = (typeof pairActions)[number];

export interface InvitationMarker {
  readonly kind: 'pair';
  readonly id: string;
  readonly inviter: string;
  readonly invitee: string;
  readonly topics: PairTopics;
}

export interface ActionMarker {
  readonly kind: 'action';
  readonly action: PairAction;
  /** The invitation's id. */
  readonly pair: string;
  /** accept and topics: the author's own topics. */
  readonly topics?: PairTopics;
}

export type PairMarker = InvitationMarker | ActionMarker;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function formatInvitationMarker(m: Omit<InvitationMarker, 'kind'>): string {
  return formatMarkerPayload({ v: MARKER_VERSION, kind: 'pair', id: m.id, inviter: m.inviter, invitee: m.invitee, ...m.topics });
}

export function formatActionMarker(m: Omit<ActionMarker, 'kind'>): string {
  return formatMarkerPayload({ v: MARKER_VERSION, kind: `pair-${m.action}`, pair: m.pair, ...(m.topics ?? {}) });
}

function topicsOf(r: Record<string, unknown>): PairTopics {
  return { teaches: cleanTopics(r.teaches), learns: cleanTopics(r.learns) };
}

function validate(raw: unknown): PairMarker | string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const kind = r.kind;
  if (typeof kind !== 'string' || !(kind === 'pair' || kind.startsWith('pair-'))) return undefined; // another kind: not ours
  if (r.v !== MARKER_VERSION) return `unsupported version ${JSON.stringify(r.v)}`;
  for (const key of ['teaches', 'learns'] as const) if (r[key] !== undefined && !Array.isArray(r[key])) return `malformed ${key}`;
  if (kind === 'pair') {
    if (typeof r.id !== 'string' || !ID.test(r.id)) return 'missing or malformed id';
    for (const key of ['inviter', 'invitee'] as const) if (typeof r[key] !== 'string' || !isValidLogin(r[key])) return `malformed ${key}`;
    return { kind: 'pair', id: r.id, inviter: r.inviter as string, invitee: r.invitee as string, topics: topicsOf(r) };
  }
  const action = kind.slice('pair-'.length);
  if (!(pairActions as readonly string[]).includes(action)) return `unknown kind ${JSON.stringify(kind.slice(0, 40))}`;
  if (typeof r.pair !== 'string' || !ID.test(r.pair)) return 'missing or malformed pair id';
  const withTopics = action === 'accept' || action === 'topics';
  return { kind: 'action', action: action as PairAction, pair: r.pair, ...(withTopics ? { topics: topicsOf(r) } : {}) };
}

/** The pair markers in a body (others are left to scanMarkers), and why malformed ones were ignored. */
export function scanPairMarkers(body: string): { markers: PairMarker[]; warnings: string[] } {
  const markers: PairMarker[] = [];
  const warnings: string[] = [];
  for (const payload of markerPayloads(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      continue; // scanMarkers reports markers that are not JSON
    }
    const result = validate(parsed);
    if (typeof result === 'string') warnings.push(`pair marker ignored: ${result}`);
    else if (result) markers.push(result);
  }
  return { markers, warnings };
}
