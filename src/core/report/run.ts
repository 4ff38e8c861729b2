// One report run over GitHub (ARCHITECTURE.md §Program report). Pairs go in groups: one discovery query
// holds the five searches of up to 29 pairs (1 point), asking only for what changed since the cursor;
// the exchanges that are new or changed are then read in details queries of about one point each;
// after each group the cursor is saved, so an interrupted run resumes at the next group. Every query's
// cost is known before it is sent and is logged as an estimate first.
import type { DriftSettings } from '../ledger/ledger';
import { record, text, time } from '../sync/json';
import { exchangeEvents } from './collect';
import { emptyCursor, type CursorFile, type PairCursor } from './cursor';
import { allPairFigures, type PairFigures, type ReportEvent } from './figures';
import { pairKey, type Pair } from './pairs';
import {
  chunks,
  detailBatches,
  detailsDocument,
  discoveryDocument,
  pointsFor,
  searchNames,
  searchQuery,
  SEARCHES_PER_QUERY,
  type NodeRef,
  type SearchName,
  type SearchSlot,
} from './queries';
import type { ReportCost } from './shards';

/** What the run needs of a GitHub client: octokit's `graphql`. */
export interface GraphqlClient {
  graphql(query: string, parameters?: Record<string, unknown>): Promise<unknown>;
}

export interface RunOptions {
  readonly client: GraphqlClient;
  readonly pairs: readonly Pair[];
  readonly label: string;
  readonly org?: string;
  readonly cursor?: CursorFile;
  readonly settings: DriftSettings;
  readonly now: number;
  readonly log?: (line: string) => void;
  /** Called after each group with the cursor so far (save it); awaited. */
  readonly checkpoint?: (cursor: CursorFile) => Promise<void>;
}

export interface RunResult {
  readonly pairs: PairFigures[];
  readonly cursor: CursorFile;
  readonly cost: ReportCost;
  readonly warnings: string[];
}

export const PAIRS_PER_GROUP = Math.floor(SEARCHES_PER_QUERY / searchNames.length);

/** The cursor scope: a cursor of other searches does not apply. */
export const scopeOf = (label: string, org?: string) => JSON.stringify({ label: label.toLowerCase(), org: org?.toLowerCase() ?? null });

interface Slot extends SearchSlot {
  readonly pair: string;
  readonly name: SearchName;
}

/** GitHub answers a query with errors and partial data at once: keep the data, report the errors. */
async function query(client: GraphqlClient, document: string, variables: Record<string, unknown>, warn: (m: string) => void): Promise<Record<string, unknown>> {
  try {
    return record(await client.graphql(document, variables)) ?? {};
  } catch (error) {
    const partial = record((error as { data?: unknown }).data);
    const errors = (error as { errors?: { message?: string }[] }).errors;
    if (!partial || !Array.isArray(errors)) throw error;
    for (const e of errors.slice(0, 5)) warn(`GitHub: ${String(e.message ?? 'an error').slice(0, 300)}`);
    return partial;
  }
}

export async function runReport(options: RunOptions): Promise<RunResult> {
  const log = options.log ?? (() => undefined);
  const warnings: string[] = [];
  const warn = (m: string) => {
    if (warnings.length < 1000) warnings.push(m);
  };
  const scope = scopeOf(options.label, options.org);
  const cursor = options.cursor?.scope === scope ? options.cursor : emptyCursor(scope);
  const keys = new Set(options.pairs.map(pairKey));
  const resumed = cursor.run ? new Set(cursor.run.done.filter((k) => keys.has(k))) : new Set<string>();
  if (resumed.size) log(`resuming the run started ${cursor.run!.startedAt}: ${resumed.size} of ${keys.size} pairs already done`);
  cursor.run = { startedAt: cursor.run?.startedAt ?? new Date(options.now).toISOString(), done: [...resumed] };
  const todo = options.pairs.filter((p) => !resumed.has(pairKey(p)));
  const groups = chunks(todo, PAIRS_PER_GROUP);
  const known = todo.reduce((n, p) => n + Object.keys(cursor.pairs[pairKey(p)]?.nodes ?? {}).length, 0);
  log(
    `estimate: ${groups.length} discovery quer${groups.length === 1 ? 'y' : 'ies'} of ≤ ${SEARCHES_PER_QUERY} searches, ${groups.length} point${groups.length === 1 ? '' : 's'}` +
      ` (more only where a search has over 100 new results); then 1 point per ~5 new or changed exchanges (${known} already read are not read again unless changed)`,
  );
  let points = 0;
  let estimated = groups.length;
  let requests = 0;
  const spend = (data: Record<string, unknown>) => {
    requests++;
    const cost = record(data.rateLimit)?.cost;
    points += typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : 0;
  };

  for (const [g, group] of groups.entries()) {
    const pairCursor = (p: Pair): PairCursor => (cursor.pairs[pairKey(p)] ??= { since: {}, nodes: Object.create(null) as PairCursor['nodes'] });
    // Discovery: every search of the group, then further pages of the searches that have them.
    let slots: Slot[] = group.flatMap((p) =>
      searchNames.map((name) => ({ pair: pairKey(p), name, query: searchQuery(name, p, options.label, pairCursor(p).since[name], options.org) })),
    );
    const found = new Map<string, Map<string, NodeRef & { updatedAt: string }>>(group.map((p) => [pairKey(p), new Map()]));
    const newest = new Map<string, string>();
    let page = 0;
    while (slots.length > 0) {
      const next: Slot[] = [];
      for (const batch of chunks(slots, SEARCHES_PER_QUERY)) {
        const { document, variables, requests: r } = discoveryDocument(batch);
        if (page > 0) estimated += pointsFor(r);
        const data = await query(options.client, document, variables, warn);
        spend(data);
        batch.forEach((slot, i) => {
          const result = record(data[`s${i}`]);
          const nodes = result?.nodes;
          if (!result || !Array.isArray(nodes)) return warn(`search ${slot.name} for ${slot.pair}: no results list in GitHub's answer`);
          for (const raw of nodes) {
            const n = record(raw);
            const id = text(n?.id);
            const updatedAt = time(n?.updatedAt);
            if (!n || !id || !updatedAt || id.length > 200) continue;
            found.get(slot.pair)!.set(id, { id, pull: n.__typename === 'PullRequest', updatedAt });
            const key = `${slot.pair} ${slot.name}`;
            if (updatedAt > (newest.get(key) ?? '')) newest.set(key, updatedAt);
          }
          const info = record(result.pageInfo);
          const after = text(info?.endCursor);
          if (info?.hasNextPage === true && after) {
            if (page < 9) next.push({ ...slot, after });
            else warn(`search ${slot.name} for ${slot.pair}: over 1,000 results; the rest is read on the next run`);
          }
        });
      }
      slots = next;
      page++;
    }

    // Details: the exchanges that are new or changed since the cursor, each read once for all its pairs.
    const wanted = new Map<string, NodeRef>();
    const byNode = new Map<string, Pair[]>();
    for (const p of group) {
      const pc = pairCursor(p);
      for (const n of found.get(pairKey(p))!.values()) {
        if (pc.nodes[n.id]?.updatedAt === n.updatedAt) continue;
        wanted.set(n.id, n);
        byNode.set(n.id, [...(byNode.get(n.id) ?? []), p]);
      }
    }
    const batches = detailBatches([...wanted.values()]);
    estimated += batches.length;
    if (batches.length)
      log(
        `group ${g + 1}/${groups.length}: ${wanted.size} new or changed exchanges, ${batches.length} details quer${batches.length === 1 ? 'y' : 'ies'} (${batches.length} points)`,
      );
    for (const batch of batches) {
      const { document, variables } = detailsDocument(batch);
      const data = await query(options.client, document, variables, warn);
      spend(data);
      batch.forEach((ref, i) => {
        const node = record(data[`n${i}`]);
        if (!node) return warn(`exchange ${ref.id}: not readable (deleted, or no access); its earlier events are kept`);
        for (const p of byNode.get(ref.id) ?? []) {
          const updatedAt = found.get(pairKey(p))!.get(ref.id)!.updatedAt;
          pairCursor(p).nodes[ref.id] = { updatedAt, events: exchangeEvents(node, p, options.label, warn) };
        }
      });
    }
    for (const p of group) {
      for (const name of searchNames) {
        const at = newest.get(`${pairKey(p)} ${name}`);
        if (at) pairCursor(p).since[name] = at.replace(/\.\d+Z$/, 'Z');
      }
      cursor.run.done.push(pairKey(p));
    }
    await options.checkpoint?.(cursor);
  }

  delete cursor.run;
  const events: ReportEvent[] = options.pairs.flatMap((p) => Object.values(cursor.pairs[pairKey(p)]?.nodes ?? {}).flatMap((n) => n.events));
  const figures = allPairFigures(options.pairs, events, options.settings, options.now);
  return { pairs: figures, cursor, cost: { points, estimatedPoints: estimated, requests }, warnings };
}
