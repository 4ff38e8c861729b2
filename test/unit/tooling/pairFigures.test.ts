import { strict as assert } from 'node:assert';
import { mirrored } from '../../integration/pair/figures';

// The two-workbench suite and `npm run demo -- --both --check` pass only when the two Ledgers mirror.
describe('mirrored ledgers (the two-workbench check)', () => {
  const ada = { taught: 2, learned: 1, helpGiven: 3, helpReceived: 1 };
  const grace = { taught: 1, learned: 2, helpGiven: 1, helpReceived: 3 };

  it("holds when ada's taught is grace's learned and help given on one side is received on the other", () => {
    assert.equal(mirrored(ada, grace), true);
    assert.equal(mirrored(grace, ada), true);
  });

  it('fails for any one figure off, and when a side never reported', () => {
    for (const key of Object.keys(ada) as (keyof typeof ada)[]) assert.equal(mirrored({ ...ada, [key]: ada[key] + 1 }, grace), false, key);
    assert.equal(mirrored(ada, ada), false, 'the same figures on both sides are not a mirror here');
    assert.equal(mirrored(undefined, grace), false);
    assert.equal(mirrored(ada, undefined), false);
  });
});
