// The hidden, versioned marker every body Mutual Mentor writes to GitHub ends with, e.g.
//   <!-- mutual-mentor {"v":1,"kind":"ask","id":"6f1c…","topic":"testing"} -->
// It lets either partner's extension rebuild the shared history from GitHub alone.
// Parsing never throws: a marker that does not parse is reported as a warning and ignored.

import { isValidLogin } from './partners';

export const MARKER_VERSION = 1;
export const markerKinds = ['ask', 'reply', 'lesson'] as const;
export type MarkerKind = (typeof markerKinds)[number];

export interface Marker {
  readonly v: typeof MARKER_VERSION;
  readonly kind: MarkerKind;
  /** Client-generated id (a UUID), so a retried send can be recognised on GitHub. */
  readonly id: string;
  readonly topic?: string;
  /** Lessons: who learned (must be the comment's author for the lesson to count) and from whom. */
  readonly learner?: string;
  readonly teacher?: string;
  /** Lessons and replies: the client id of the ask they belong to. */
  readonly ask?: string;
}

export interface MarkerScan {
  readonly markers: readonly Marker[];
  readonly warnings: readonly string[];
}

const PREFIX = '<!-- mutual-mentor ';
const SUFFIX = ' -->';
const MARKER_PATTERN = /<!--\s*mutual-mentor\s+([\s\S]*?)\s*-->/g;
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOPIC = 100;

/**
 * Serialises a marker. What could end the HTML comment early or be read as markup (`<`, `>`, and
 * the second `-` of `--`) is written as a JSON unicode escape, so a topic can never break out of it;
 * ordinary text such as a UUID stays readable.
 */
export function formatMarker(marker: Marker): string {
  const payload: Record<string, unknown> = { v: marker.v, kind: marker.kind, id: marker.id };
  if (marker.topic !== undefined) payload.topic = marker.topic;
  for (const key of ['learner', 'teacher', 'ask'] as const) if (marker[key] !== undefined) payload[key] = marker[key];
  const json = JSON.stringify(payload)
    .replace(/[<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/--/g, '-\\u002d');
  return `${PREFIX}${json}${SUFFIX}`;
}

/** Appends the marker to a body on its own line. */
export function appendMarker(body: string, marker: Marker): string {
  return `${body.replace(/\s+$/, '')}\n\n${formatMarker(marker)}`;
}

function validate(raw: unknown): Marker | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const r = raw as Record<string, unknown>;
  if (r.v !== MARKER_VERSION) return `unsupported version ${JSON.stringify(r.v)}`;
  if (typeof r.kind !== 'string' || !(markerKinds as readonly string[]).includes(r.kind)) {
    return `unknown kind ${JSON.stringify(r.kind)}`;
  }
  if (typeof r.id !== 'string' || !ID_PATTERN.test(r.id)) return 'missing or malformed id';
  if (r.topic !== undefined && (typeof r.topic !== 'string' || r.topic.length > MAX_TOPIC)) {
    return 'malformed topic';
  }
  for (const key of ['learner', 'teacher'] as const) {
    if (r[key] !== undefined && (typeof r[key] !== 'string' || !isValidLogin(r[key]))) return `malformed ${key}`;
  }
  if (r.ask !== undefined && (typeof r.ask !== 'string' || !ID_PATTERN.test(r.ask))) return 'malformed ask id';
  return {
    v: MARKER_VERSION, kind: r.kind as MarkerKind, id: r.id,
    ...(typeof r.topic === 'string' ? { topic: r.topic } : {}),
    ...(typeof r.learner === 'string' ? { learner: r.learner } : {}),
    ...(typeof r.teacher === 'string' ? { teacher: r.teacher } : {}),
    ...(typeof r.ask === 'string' ? { ask: r.ask } : {}),
  };
}

/** Finds every Mutual Mentor marker in a body. Malformed ones become warnings, never exceptions. */
export function scanMarkers(body: string): MarkerScan {
  const markers: Marker[] = [];
  const warnings: string[] = [];
  for (const match of body.matchAll(MARKER_PATTERN)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[1] ?? '');
    } catch {
      warnings.push('marker is not valid JSON');
      continue;
    }
    const result = validate(parsed);
    if (typeof result === 'string') warnings.push(`marker ignored: ${result}`);
    else markers.push(result);
  }
  return { markers, warnings };
}
