// What the Ledger panel shows, computed from the ledger events: per partner the totals, the balance,
// per-topic rows, a month-by-month timeline, the drift in words with ways to give back, and the
// latest events. Pure: the host passes the events, the give-back suggestions and the clock.
import type { GiveBackView, LedgerDataView, MonthPoint, PartnerView, RecentEvent, TopicRow } from '../../shared/ledgerProtocol';
import { isWebUrl } from '../../shared/schema';
import type { GiveBackItem } from './giveBack';
import { balanceOf, buildLedger, driftAll, driftOf, NO_TOPIC, type Drift, type DriftSettings, type LedgerEvent, type PartnerLedger } from './ledger';

/** Months on the timeline at most. */
export const TIMELINE_MONTHS = 12;
/** Latest events per partner. */
export const RECENT_EVENTS = 10;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthName = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * The timeline: the 12 months up to now, trimmed to start at the pair's first month; when nothing
 * happened in that year, the 12 months up to the last event. Months without events count 0.
 */
export function timeline(
  byMonth: ReadonlyMap<string, { taught: number; learned: number; helpGiven: number; helpReceived: number }>,
  now: number,
): MonthPoint[] {
  const months = [...byMonth.keys()].filter((m) => /^\d{4}-\d{2}$/.test(m)).map(monthIndex);
  if (months.length === 0) return [];
  const first = Math.min(...months);
  const last = Math.max(...months);
  const current = monthIndex(new Date(now).toISOString().slice(0, 7));
  const end = last <= current && current - last < TIMELINE_MONTHS ? current : last;
  const points: MonthPoint[] = [];
  for (let i = Math.max(first, end - TIMELINE_MONTHS + 1); i <= end; i++) {
    const flow = byMonth.get(monthName(i));
    const b = flow ? balanceOf(flow) : { given: 0, received: 0 };
    points.push({ month: monthName(i), given: b.given, received: b.received });
  }
  return points;
}

/** The drift in gentle words; the give-back list follows the message when there is one. */
export function driftMessage(drift: Drift, partner: string, windowDays: number, giveBackCount: number): string {
  const days = `in the last ${windowDays} days`;
  switch (drift.state) {
    case 'tooFew':
      return drift.given + drift.received === 0
        ? `Nothing between you and @${partner} ${days}.`
        : `Only a few exchanges with @${partner} ${days}: too early to say which way it leans.`;
    case 'balanced':
      return `Balanced ${days}: you gave ${drift.given} and received ${drift.received}.`;
    case 'receiving':
      return (
        `You have received ${drift.received} and given ${drift.given} ${days}. ` +
        (giveBackCount === 1
          ? 'A way to give back:'
          : giveBackCount > 1
            ? 'Ways to give back:'
            : `When you can, offer @${partner} a review or an answer on something they are working on.`)
      );
    case 'giving':
      return (
        `You have given ${drift.given} and received ${drift.received} ${days}. ` + `@${partner} has things to teach too: ask them about something they know.`
      );
  }
}

function topicRows(ledger: PartnerLedger): TopicRow[] {
  const total = (f: TopicRow) => f.taught + f.learned + f.helpGiven + f.helpReceived;
  return [...ledger.byTopic]
    .map(([topic, f]) => ({ topic, taught: f.taught, learned: f.learned, helpGiven: f.helpGiven, helpReceived: f.helpReceived }))
    .sort((a, b) => (a.topic === NO_TOPIC ? 1 : b.topic === NO_TOPIC ? -1 : total(b) - total(a) || a.topic.localeCompare(b.topic)));
}

/**
 * The topics a pair declared on GitHub (ARCHITECTURE.md §Pairs) that no event has yet, as empty rows
 * after the counted ones: the ledger lists what the two of you said you would teach and learn.
 */
function withDeclared(rows: TopicRow[], declared: readonly string[] | undefined): TopicRow[] {
  const seen = new Set(rows.map((r) => r.topic.toLowerCase()));
  const extra = (declared ?? []).filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
  return [...rows, ...extra.map((topic) => ({ topic, taught: 0, learned: 0, helpGiven: 0, helpReceived: 0 }))];
}

/** One event in words, from your side. */
function describe(e: LedgerEvent, gave: boolean, partner: string): string {
  const them = `@${partner}`;
  if (e.kind === 'lesson') return gave ? `${them} learned from you: ${e.text}` : `You learned from ${them}: ${e.text}`;
  switch (e.type) {
    case 'mergedPullRequest':
      return gave ? `${them} merged your pull request: ${e.title}` : `You merged ${them}'s pull request: ${e.title}`;
    case 'review':
      return gave ? `You reviewed ${them}'s pull request: ${e.title}` : `${them} reviewed your pull request: ${e.title}`;
    case 'answer':
      return gave ? `You answered ${them}'s ask: ${e.title}` : `${them} answered your ask: ${e.title}`;
  }
}

function giveBackViews(items: readonly GiveBackItem[]): GiveBackView[] {
  return items
    .filter((i) => isWebUrl(i.url))
    .map((i) => ({ kind: i.kind, title: i.title.slice(0, 2000), url: i.url, askId: i.askId ?? null, why: i.why.slice(0, 2000) }));
}

/**
 * The Ledger panel's figures for `me`. Partners are everyone with an event and everyone with an
 * entry in `giveBack` (pass the paired partners with empty lists to show them before any event),
 * the most recently active first. `declared` (by lower-case login): the topics of each pair on GitHub.
 */
export function ledgerView(
  events: readonly LedgerEvent[],
  me: string,
  giveBack: ReadonlyMap<string, readonly GiveBackItem[]>,
  settings: DriftSettings,
  now: number,
  declared: ReadonlyMap<string, readonly string[]> = new Map(),
): LedgerDataView {
  const self = me.toLowerCase();
  const ledgers = buildLedger(events, me);
  const suggestions = new Map<string, readonly GiveBackItem[]>();
  for (const [login, items] of giveBack) {
    const key = login.toLowerCase();
    suggestions.set(key, [...(suggestions.get(key) ?? []), ...items]);
  }

  // Each partner's events, newest first, and their login as last written.
  const byPartner = new Map<string, { login: string; events: { e: LedgerEvent; gave: boolean }[] }>();
  for (const e of [...events].sort((a, b) => b.at.localeCompare(a.at))) {
    const from = e.from.toLowerCase();
    const to = e.to.toLowerCase();
    if (from === to || (from !== self && to !== self)) continue;
    const gave = from === self;
    const login = gave ? e.to : e.from;
    let entry = byPartner.get(login.toLowerCase());
    if (!entry) byPartner.set(login.toLowerCase(), (entry = { login, events: [] }));
    entry.events.push({ e, gave });
  }

  const keys = new Set([...ledgers.keys(), ...suggestions.keys()]);
  const drifts = driftAll(events, me, settings, now);
  const partners: (PartnerView & { last: number })[] = [];
  for (const key of keys) {
    const ledger = ledgers.get(key);
    const entry = byPartner.get(key);
    const login = entry?.login ?? [...giveBack.keys()].find((l) => l.toLowerCase() === key) ?? key;
    const items = giveBackViews(suggestions.get(key) ?? []);
    const drift = drifts.get(key) ?? driftOf([], me, key, settings, now);
    const recent: RecentEvent[] = (entry?.events ?? [])
      .filter(({ e }) => isWebUrl(e.url))
      .slice(0, RECENT_EVENTS)
      .map(({ e, gave }) => ({ at: e.at, text: describe(e, gave, login).slice(0, 2000), url: e.url, direction: gave ? 'gave' : 'received' }));
    partners.push({
      login,
      taught: ledger?.taught ?? 0,
      learned: ledger?.learned ?? 0,
      helpGiven: ledger?.helpGiven ?? 0,
      helpReceived: ledger?.helpReceived ?? 0,
      balance: ledger ? balanceOf(ledger).balance : 0,
      topics: withDeclared(ledger ? topicRows(ledger) : [], declared.get(key)).slice(0, 500),
      months: ledger ? timeline(ledger.byMonth, now) : [],
      drift: { state: drift.state, given: drift.given, received: drift.received, message: driftMessage(drift, login, settings.windowDays, items.length) },
      giveBack: items.slice(0, 100),
      recent,
      last: ledger?.last ?? 0,
    });
  }
  partners.sort((a, b) => b.last - a.last || a.login.localeCompare(b.login));
  // What the page accepts (ledgerProtocol.ts): the 200 most recently active partners.
  return { kind: 'ledger', me, generatedAt: new Date(now).toISOString(), partners: partners.slice(0, 200).map(({ last: _last, ...p }) => p) };
}
