import { strict as assert } from 'node:assert';
import { isValidLogin, normalizeLogin, parsePartners, parseTopics, withPartner } from '../../../src/core/partners';

describe('core/partners', () => {
  it('accepts GitHub logins and refuses what GitHub refuses', () => {
    for (const ok of ['ada', 'grace-hopper', 'a1', 'x'.repeat(39)]) assert.ok(isValidLogin(ok), ok);
    for (const bad of ['', '-ada', 'ada-', 'a--b', 'a b', 'ada!', 'x'.repeat(40), '@ada']) assert.ok(!isValidLogin(bad), bad);
    assert.equal(normalizeLogin('  @grace '), 'grace');
  });

  it('reads logins and topic entries, reporting malformed ones and duplicates', () => {
    const { partners, problems } = parsePartners([
      'grace',
      { login: '@linus', teaches: ['git', ' git ', 7], learns: ['rust'] },
      'Grace',
      { name: 'x' },
      42,
      '-bad',
    ]);
    assert.deepEqual(partners, [
      { login: 'grace', teaches: [], learns: [] },
      { login: 'linus', teaches: ['git'], learns: ['rust'] },
    ]);
    assert.equal(problems.length, 4);
    assert.match(problems[0] ?? '', /duplicate partner @Grace/);
    assert.deepEqual(parsePartners('grace').problems, ['mutualMentor.partners must be a list']);
    assert.deepEqual(parsePartners(undefined), { partners: [], problems: [] });
  });

  it('adds a partner, or replaces an existing one, keeping the setting’s form', () => {
    assert.deepEqual(withPartner(['ada'], { login: 'grace', teaches: [], learns: [] }), ['ada', 'grace']);
    assert.deepEqual(withPartner(['ada', { login: 'Grace' }], { login: 'grace', teaches: ['testing'], learns: [] }), [
      'ada',
      { login: 'grace', teaches: ['testing'] },
    ]);
    assert.deepEqual(withPartner(undefined, { login: 'grace', teaches: [], learns: [] }), ['grace']);
  });

  it('splits typed topics', () => {
    assert.deepEqual(parseTopics(' testing, rust ,, ci , rust'), ['testing', 'rust', 'ci']);
  });
});
