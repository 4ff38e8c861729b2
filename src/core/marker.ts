// The hidden, versioned marker every body Mutual Mentor writes to GitHub ends with, e.g.
//   <!-- mutual-mentor {"v":1,"kind":"ask","id":"6f1c…","topic":"testing"} -->
// It lets either partner's extension rebuild the shared history from GitHub alone.
// Parsing never throws: a marker that does not parse is reported as a warning and ignored.

import { isValidLogin } from './partners';

export const MARKER_VERSION = 1;
export const markerKinds = ['ask', 'reply', 'lesson', 'offer'] as const;
/** Offers: taking an issue on, or dropping it again (src/core/help/offer.ts). */
export const offerStates = ['taken', 'dropped'] as const;
export type OfferMarkerState = (typeof offerStates)[number];
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
  /** Offers: who takes the issue on (must be the comment's author for the offer to count), and what they say. */
  readonly helper?: string;
  readonly state?: OfferMarkerState;
}

export interface MarkerScan {
  readonly markers: readonly Marker[];
  readonly warnings: readonly string[];
}

const PREFIX = '<!-- mutual-mentor ';
const SUFFIX = ' -->';
const NAME = 'mutual-mentor';
/**
 * GitHub keeps at most 65,536 characters of a body; text past that never came from GitHub, and a
 * marker is read only within it. Bounds the work a hostile body can cause (SECURITY.md).
 */
export const MAX_BODY_SCAN = 65_536;
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
  for (const key of ['learner', 'teacher', 'ask', 'helper', 'state'] as const) if (marker[key] !== undefined) payload[key] = marker[key];
  return formatMarkerPayload(payload);
}

/** Any marker payload as the hidden comment, escaped as `formatMarker` says (the pair markers use it too). */
export function formatMarkerPayload(payload: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(payload)
    .replace(/[<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/--/g, '-\\u002d');
  return `${PREFIX}${json}${SUFFIX}`;
}

/** Appends the marker to a body on its own line. */
export function appendMarker(body: string, marker: Marker): string {
  return `${body.trimEnd()}\n\n${formatMarker(marker)}`;
}

function isSpace(code: number): boolean {
  // The characters JavaScript's \s matches that occur in practice: tab, line breaks, form feed, space, no-break space.
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/** A marker's place in a body: `[start, end)` of the whole comment and its payload. */
interface MarkerSpan {
  readonly start: number;
  readonly end: number;
  readonly payload: string;
}

/**
 * Every `<!-- mutual-mentor … -->` comment in a body, in one pass: each character is looked at a
 * bounded number of times, so a hostile body (thousands of spaces, an opener repeated without a
 * closer) costs time linear in its length. A regular expression with `\s*`, `[\s\S]*?` and `\s*`
 * around the payload backtracked quadratically or worse on such bodies.
 */
function markerSpans(body: string): MarkerSpan[] {
  const text = body.length > MAX_BODY_SCAN ? body.slice(0, MAX_BODY_SCAN) : body;
  const spans: MarkerSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('<!--', from);
    if (start < 0) return spans;
    let i = start + 4;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (!text.startsWith(NAME, i) || !isSpace(text.charCodeAt(i + NAME.length))) {
      from = start + 4;
      continue;
    }
    i += NAME.length;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const close = text.indexOf('-->', i);
    // No closer after this opener means none after any later opener either.
    if (close < 0) return spans;
    spans.push({ start, end: close + 3, payload: text.slice(i, close).trimEnd() });
    from = close + 3;
  }
}

/** The raw payload text of every marker in a body (bounded by `MAX_BODY_SCAN`), for readers of other kinds. */
export function markerPayloads(body: string): string[] {
  return markerSpans(body).map((s) => s.payload);
}

/** Pair markers (`pair`, `pair-accept`, …) are read by src/core/pairs/markers.ts, not here. */
function isPairPayload(raw: unknown): boolean {
  const kind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && (kind === 'pair' || kind.startsWith('pair-'));
}

/** A body without its hidden markers: the text as its author wrote it. */
export function stripMarkers(body: string): string {
  const spans = markerSpans(body);
  if (spans.length === 0) return body.trim();
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += body.slice(at, span.start);
    at = span.end;
  }
  return (out + body.slice(at)).trim();
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
  for (const key of ['learner', 'teacher', 'helper'] as const) {
    if (r[key] !== undefined && (typeof r[key] !== 'string' || !isValidLogin(r[key]))) return `malformed ${key}`;
  }
  if (r.ask !== undefined && (typeof r.ask !== 'string' || !ID_PATTERN.test(r.ask))) return 'malformed ask id';
  if (r.state !== undefined && (typeof r.state !== 'string' || !(offerStates as readonly string[]).includes(r.state))) return 'malformed state';
  return {
    v: MARKER_VERSION,
    kind: r.kind as MarkerKind,
    id: r.id,
    ...(typeof r.topic === 'string' ? { topic: r.topic } : {}),
    ...(typeof r.learner === 'string' ? { learner: r.learner } : {}),
    ...(typeof r.teacher === 'string' ? { teacher: r.teacher } : {}),
    ...(typeof r.ask === 'string' ? { ask: r.ask } : {}),
    ...(typeof r.helper === 'string' ? { helper: r.helper } : {}),
    ...(typeof r.state === 'string' ? { state: r.state as OfferMarkerState } : {}),
  };
}

/** Finds every Mutual Mentor marker in a body. Malformed ones become warnings, never exceptions. */
export function scanMarkers(body: string): MarkerScan {
  const markers: Marker[] = [];
  const warnings: string[] = [];
  for (const { payload } of markerSpans(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      warnings.push('marker is not valid JSON');
      continue;
    }
    if (isPairPayload(parsed)) continue;
    const result = validate(parsed);
    if (typeof result === 'string') warnings.push(`marker ignored: ${result}`);
    else markers.push(result);
  }
  return { markers, warnings };
}
