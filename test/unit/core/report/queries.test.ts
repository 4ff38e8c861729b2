// The report's assembled GraphQL documents: valid against GitHub's schema (with its pagination rule,
// through the sandbox's validation) and costing what the report estimates, by the sandbox's
// implementation of GitHub's cost rule.
import { strict as assert } from 'node:assert';
import { parse, validate } from 'graphql';
import { makePair, type Pair } from '../../../../src/core/report/pairs';
import {
  detailBatches,
  detailsDocument,
  discoveryDocument,
  pointsFor,
  REQUESTS_PER_QUERY,
  searchNames,
  searchQuery,
  type NodeRef,
  type SearchSlot,
} from '../../../../src/core/report/queries';
import { PAIRS_PER_GROUP } from '../../../../src/core/report/run';
import { queryCost } from '../../../sandbox/graphql/cost';
import { githubSchema } from '../../../sandbox/graphql/schema';

describe('core/report/queries', () => {
  const pairs = Array.from({ length: PAIRS_PER_GROUP }, (_, i) => makePair(`u${i}`, `v${i}`) as Pair);

  it('a discovery query holds a group of pairs’ searches, is valid and costs 1 point', async () => {
    const slots: SearchSlot[] = pairs.flatMap((p) => searchNames.map((name) => ({ query: searchQuery(name, p, 'mentoring', '2026-11-01T00:00:00Z') })));
    slots[3] = { ...slots[3], after: 'Y3Vyc29yOjEwMA==' };
    const { document, variables, requests } = discoveryDocument(slots);
    assert.deepEqual(validate(await githubSchema(), parse(document)), []);
    const cost = queryCost(parse(document), variables);
    assert.equal(requests, slots.length);
    assert.ok(requests <= REQUESTS_PER_QUERY);
    assert.equal(cost.cost, pointsFor(requests));
    assert.equal(cost.cost, 1);
  });

  it('details queries are valid, cost what they are estimated to, and each stays at 1 point', async () => {
    const nodes: NodeRef[] = Array.from({ length: 40 }, (_, i) => ({ id: `I_${i}`, pull: i % 3 === 0 }));
    const batches = detailBatches(nodes);
    assert.deepEqual(batches.flat(), nodes);
    for (const batch of batches) {
      const { document, variables, requests } = detailsDocument(batch);
      assert.deepEqual(validate(await githubSchema(), parse(document)), []);
      assert.equal(queryCost(parse(document), variables).cost, pointsFor(requests));
      assert.equal(pointsFor(requests), 1);
    }
  });

  it('searches name the pair, the label and the time since, and never let a label break out of its quotes', () => {
    const p = makePair('grace', 'ada') as Pair;
    assert.equal(searchQuery('exchanges', p, 'mentoring', undefined, 'acme'), 'label:"mentoring" involves:ada involves:grace org:acme sort:updated-asc');
    assert.equal(
      searchQuery('mergedAB', p, 'x', '2026-01-01T00:00:00Z'),
      'is:pr is:merged author:ada user:grace updated:>=2026-01-01T00:00:00Z sort:updated-asc',
    );
    assert.equal(searchQuery('exchanges', p, 'a" OR "b', undefined), 'label:"a OR b" involves:ada involves:grace sort:updated-asc');
  });
});
