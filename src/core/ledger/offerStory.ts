// The Ledger's "one story per offer" (ARCHITECTURE.md §Offers): an offer (src/core/help/offer.ts) told
// with the help it became — the merged pull request that closed the issue, as the help event
// help.ts found — and the lessons learned along the way: lessons between the helper and the partner
// recorded on the issue, on that pull request, or on an ask linked to the offer. Pure: the same
// offers and events give the same stories on both sides of the pair.
import type { Offer } from '../help/offer';
import { displayTitle } from '../help/rank';
import type { LedgerEvent } from './ledger';

export interface OfferStory {
  readonly offer: Offer;
  /** The merged pull request as a help event, once the offer completed and help.ts has seen it. */
  readonly help?: LedgerEvent;
  /** Lessons on the way, oldest first. */
  readonly lessons: readonly LedgerEvent[];
  /** One line: "Helped @grace: #12 Fix the flaky test — merged, 2 lessons". */
  readonly headline: string;
}

/** A URL without its `#fragment` and trailing slash, lower-cased: the page a comment is on. */
function page(url: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  return (base.endsWith('/') ? base.slice(0, -1) : base).toLowerCase();
}

const between = (e: LedgerEvent, a: string, b: string) => {
  const from = e.from.toLowerCase();
  const to = e.to.toLowerCase();
  return (from === a && to === b) || (from === b && to === a);
};

function headline(o: Offer, lessons: number): string {
  const what = `#${o.number} ${displayTitle(o.title)}`; // one line, whatever the title holds
  const count = lessons === 1 ? '1 lesson' : `${lessons} lessons`;
  switch (o.state) {
    case 'completed':
      return `@${o.helper} helped @${o.partner}: ${what} — merged, ${count}`;
    case 'dropped':
      return `@${o.helper} offered to help @${o.partner}: ${what} — dropped, ${count}`;
    case 'gone':
      return `@${o.helper} offered to help @${o.partner}: ${what} — the issue is gone, ${count}`;
    default:
      return `@${o.helper} is helping @${o.partner}: ${what} — in progress, ${count}`;
  }
}

/**
 * One story per offer, newest first, and the events no story claimed (the rest of the history). An
 * event belongs to at most one story: the first offer (newest first) whose pages it is on.
 * `linked` maps an offer id to the URLs of its asks (the asks made on its branch).
 */
export function offerStories(
  offers: readonly Offer[],
  events: readonly LedgerEvent[],
  linked: ReadonlyMap<string, readonly string[]> = new Map(),
): { stories: OfferStory[]; others: LedgerEvent[] } {
  const claimed = new Set<string>();
  const sorted = [...offers].sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.id < b.id ? -1 : 1));
  const seenOffers = new Set<string>();
  // Index lessons and help by page once: each event is looked at a bounded number of times.
  const byPage = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    const key = page(e.url);
    const list = byPage.get(key);
    if (list) list.push(e);
    else byPage.set(key, [e]);
  }
  const stories: OfferStory[] = [];
  for (const offer of sorted) {
    if (seenOffers.has(offer.id)) continue;
    seenOffers.add(offer.id);
    const helper = offer.helper.toLowerCase();
    const partner = offer.partner.toLowerCase();
    const pages = new Set([page(offer.issueUrl), ...(offer.pullRequest ? [page(offer.pullRequest.url)] : []), ...(linked.get(offer.id) ?? []).map(page)]);
    const lessons: LedgerEvent[] = [];
    let help: LedgerEvent | undefined;
    for (const p of pages) {
      for (const e of byPage.get(p) ?? []) {
        if (claimed.has(e.id) || !between(e, helper, partner)) continue;
        if (e.kind === 'lesson') {
          lessons.push(e);
          claimed.add(e.id);
        } else if (
          !help &&
          offer.pullRequest &&
          e.type === 'mergedPullRequest' &&
          page(e.url) === page(offer.pullRequest.url) &&
          e.from.toLowerCase() === helper
        ) {
          help = e;
          claimed.add(e.id);
        }
      }
    }
    lessons.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    stories.push({ offer, ...(help ? { help } : {}), lessons, headline: headline(offer, lessons.length) });
  }
  return { stories, others: events.filter((e) => !claimed.has(e.id)) };
}
