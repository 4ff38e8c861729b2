// The two-way ledger: from lessons (credited by the learner) and help seen on GitHub, what went each
// way between you and each partner — per topic and per month — and whether a pair has drifted
// one-sided. Pure and single-pass, so 50,000 events aggregate in milliseconds (bench/ledger.ts).

/** One thing that went from one side to the other. */
export type LedgerEvent =
  | {
      readonly kind: 'lesson';
      readonly id: string;
      readonly at: string;
      /** The teacher. */
      readonly from: string;
      /** The learner (who recorded it). */
      readonly to: string;
      readonly topic?: string;
      readonly text: string;
      readonly url: string;
    }
  | {
      readonly kind: 'help';
      readonly id: string;
      readonly at: string;
      /** Who helped. */
      readonly from: string;
      /** Who was helped. */
      readonly to: string;
      /** A pull request merged into the other's repository, a review on the other's pull request, an answered ask. */
      readonly type: 'mergedPullRequest' | 'review' | 'answer';
      readonly topic?: string;
      readonly title: string;
      readonly url: string;
    };

export interface Flow {
  /** You taught them (lessons they recorded). */
  taught: number;
  /** They taught you (lessons you recorded). */
  learned: number;
  helpGiven: number;
  helpReceived: number;
}

export interface PartnerLedger extends Flow {
  readonly partner: string;
  readonly byTopic: Map<string, Flow>;
  /** 'YYYY-MM' → flow in that month (UTC). */
  readonly byMonth: Map<string, Flow>;
  /** Epoch ms of the latest event. */
  last: number;
}

export const NO_TOPIC = '(no topic)';

const emptyFlow = (): Flow => ({ taught: 0, learned: 0, helpGiven: 0, helpReceived: 0 });

/** What an event is, seen from `me`: undefined when it is not between me and someone else. */
function direction(event: LedgerEvent, me: string): { partner: string; field: keyof Flow } | undefined {
  const from = event.from.toLowerCase();
  const to = event.to.toLowerCase();
  if (from === to) return undefined;
  if (from === me) return { partner: to, field: event.kind === 'lesson' ? 'taught' : 'helpGiven' };
  if (to === me) return { partner: from, field: event.kind === 'lesson' ? 'learned' : 'helpReceived' };
  return undefined;
}

/** Aggregates events per partner (lower-cased logins), per topic and per month. Events not involving `me` are skipped. */
export function buildLedger(events: Iterable<LedgerEvent>, me: string): Map<string, PartnerLedger> {
  const self = me.toLowerCase();
  const ledgers = new Map<string, PartnerLedger>();
  const latest = new Map<string, string>();
  for (const event of events) {
    const d = direction(event, self);
    if (!d) continue;
    let ledger = ledgers.get(d.partner);
    if (!ledger) {
      ledger = { partner: d.partner, ...emptyFlow(), byTopic: new Map(), byMonth: new Map(), last: 0 };
      ledgers.set(d.partner, ledger);
    }
    ledger[d.field]++;
    const topic = event.topic || NO_TOPIC;
    let t = ledger.byTopic.get(topic);
    if (!t) ledger.byTopic.set(topic, (t = emptyFlow()));
    t[d.field]++;
    const month = event.at.slice(0, 7);
    let m = ledger.byMonth.get(month);
    if (!m) ledger.byMonth.set(month, (m = emptyFlow()));
    m[d.field]++;
    // Parsing every date costs more than the rest of the pass: parse only one that looks later.
    if (event.at.slice(0, 19) >= (latest.get(d.partner) ?? '')) {
      const at = Date.parse(event.at);
      if (at > ledger.last) {
        ledger.last = at;
        latest.set(d.partner, event.at.slice(0, 19));
      }
    }
  }
  return ledgers;
}

/** What you gave (taught + help given) and received, and where the balance sits: -1 all received … +1 all given. */
export function balanceOf(flow: Flow): { given: number; received: number; balance: number } {
  const given = flow.taught + flow.helpGiven;
  const received = flow.learned + flow.helpReceived;
  const total = given + received;
  return { given, received, balance: total === 0 ? 0 : (given - received) / total };
}

export interface DriftSettings {
  /** Only events in the last this many days count. */
  readonly windowDays: number;
  /** Fewer events than this in the window say nothing. */
  readonly minEvents: number;
  /** One side's share of the window's events at or above this is one-sided (0.5–1). */
  readonly oneSidedShare: number;
}

export const DEFAULT_DRIFT: DriftSettings = { windowDays: 60, minEvents: 4, oneSidedShare: 0.75 };

export type Drift =
  | { readonly state: 'balanced' | 'tooFew'; readonly given: number; readonly received: number }
  /** You have received much more than you gave: time to give back. */
  | { readonly state: 'receiving'; readonly given: number; readonly received: number; readonly share: number }
  /** You have given much more: ask them about what they know. */
  | { readonly state: 'giving'; readonly given: number; readonly received: number; readonly share: number };

function verdict(given: number, received: number, settings: DriftSettings): Drift {
  const total = given + received;
  if (total < settings.minEvents) return { state: 'tooFew', given, received };
  const share = Math.max(given, received) / total;
  if (share < settings.oneSidedShare) return { state: 'balanced', given, received };
  return received > given ? { state: 'receiving', given, received, share } : { state: 'giving', given, received, share };
}

/** Every partner's drift in the recent window, in one pass over the events. */
export function driftAll(events: Iterable<LedgerEvent>, me: string, settings: DriftSettings, now: number): Map<string, Drift> {
  const since = new Date(now - settings.windowDays * 86_400_000).toISOString().slice(0, 19);
  const self = me.toLowerCase();
  const counts = new Map<string, { given: number; received: number }>();
  for (const e of events) {
    const d = direction(e, self);
    // ISO times compare as text to the second; the window's edge need not be finer.
    if (!d || e.at.slice(0, 19) < since) continue;
    let c = counts.get(d.partner);
    if (!c) counts.set(d.partner, (c = { given: 0, received: 0 }));
    if (d.field === 'taught' || d.field === 'helpGiven') c.given++;
    else c.received++;
  }
  return new Map([...counts].map(([p, c]) => [p, verdict(c.given, c.received, settings)]));
}

/** Whether the pair has gone one-sided in the recent window. */
export function driftOf(events: Iterable<LedgerEvent>, me: string, partner: string, settings: DriftSettings, now: number): Drift {
  return driftAll(events, me, settings, now).get(partner.toLowerCase()) ?? verdict(0, 0, settings);
}
