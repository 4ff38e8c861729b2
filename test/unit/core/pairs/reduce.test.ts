import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { formatMarkerPayload, scanMarkers } from '../../../../src/core/marker';
import { actionComment, invitationIssue } from '../../../../src/core/pairs/compose';
import type { PairAction } from '../../../../src/core/pairs/markers';
import type { PairComment, PairIssue, PairTopics } from '../../../../src/core/pairs/model';
import { mergePartners } from '../../../../src/core/pairs/partners';
import { reducePair } from '../../../../src/core/pairs/reduce';
import { MAX_TOPIC_LENGTH, MAX_TOPICS, topicsFromText } from '../../../../src/core/pairs/topics';

const repo = { host: 'github.com', owner: 'ada', name: 'exchange' };
const adaTopics: PairTopics = { teaches: ['typescript'], learns: ['rust'] };
const graceTopics: PairTopics = { teaches: ['rust', 'testing'], learns: ['typescript'] };

function issue(id: string, opts: Partial<PairIssue> & { inviter?: string; invitee?: string } = {}): PairIssue {
  const { body } = invitationIssue(id, opts.inviter ?? 'ada', opts.invitee ?? 'grace', adaTopics);
  return {
    repo,
    number: 7,
    url: 'https://github.com/ada/exchange/issues/7',
    author: 'ada',
    body,
    state: 'open',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...opts,
  };
}

let next = 1;
function comment(author: string, body: string): PairComment {
  const n = next++;
  return {
    id: n,
    author,
    body,
    createdAt: `2026-01-02T00:00:${String(n % 60).padStart(2, '0')}Z`,
    url: `https://github.com/ada/exchange/issues/7#issuecomment-${n}`,
  };
}

function act(id: string, author: string, action: PairAction, topics?: PairTopics): PairComment {
  return comment(author, actionComment(id, action, author, author === 'ada' ? 'grace' : 'ada', topics));
}

describe('core/pairs/reduce', () => {
  it("reads an invitation, then the invitee's acceptance with her topics", () => {
    const id = randomUUID();
    const warnings: string[] = [];
    const invited = reducePair(issue(id), [], (w) => warnings.push(w));
    assert.equal(invited?.status, 'invited');
    assert.deepEqual(invited?.inviterTopics, adaTopics);
    const accepted = reducePair(issue(id), [act(id, 'grace', 'accept', graceTopics)], (w) => warnings.push(w));
    assert.equal(accepted?.status, 'accepted');
    assert.deepEqual(accepted?.inviteeTopics, graceTopics);
    assert.deepEqual(warnings, []);
  });

  it('ignores a forged acceptance written by a third login, with a log line', () => {
    const id = randomUUID();
    const warnings: string[] = [];
    const pair = reducePair(issue(id), [act(id, 'eve', 'accept', graceTopics)], (w) => warnings.push(w));
    assert.equal(pair?.status, 'invited');
    assert.deepEqual(pair?.inviteeTopics, { teaches: [], learns: [] });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /@eve, who is not a side of this pair/);
  });

  it('ignores an acceptance written by the inviter herself', () => {
    const id = randomUUID();
    const warnings: string[] = [];
    assert.equal(reducePair(issue(id), [act(id, 'ada', 'accept', adaTopics)], (w) => warnings.push(w))?.status, 'invited');
    assert.match(warnings.join('\n'), /only the invitee can accept/);
  });

  it('ignores an invitation whose marker names someone other than the issue author as inviter', () => {
    const warnings: string[] = [];
    const forged = issue(randomUUID(), { author: 'eve' });
    assert.equal(
      reducePair(forged, [], (w) => warnings.push(w)),
      undefined,
    );
    assert.match(warnings.join('\n'), /written by @eve/);
  });

  it('a pair the inviter withdraws before an answer is ended, and a later acceptance does not revive it', () => {
    const id = randomUUID();
    const warnings: string[] = [];
    const pair = reducePair(issue(id), [act(id, 'ada', 'end'), act(id, 'grace', 'accept', graceTopics)], (w) => warnings.push(w));
    assert.equal(pair?.status, 'ended');
    assert.equal(pair?.by, 'ada');
    assert.match(warnings.join('\n'), /accept after the pair was ended/);
  });

  it('a closed issue ends the pair', () => {
    const id = randomUUID();
    const pair = reducePair(issue(id, { state: 'closed', updatedAt: '2026-02-01T00:00:00Z' }), [act(id, 'grace', 'accept', graceTopics)], () => undefined);
    assert.equal(pair?.status, 'ended');
  });

  it("declines, pauses, resumes, and changes each side's own topics only", () => {
    const id = randomUUID();
    assert.equal(reducePair(issue(id), [act(id, 'grace', 'decline')], () => undefined)?.status, 'declined');
    const comments = [act(id, 'grace', 'accept', graceTopics), act(id, 'grace', 'pause')];
    const paused = reducePair(issue(id), comments, () => undefined);
    assert.equal(paused?.status, 'paused');
    assert.equal(paused?.by, 'grace');
    comments.push(act(id, 'ada', 'resume'), act(id, 'ada', 'topics', { teaches: ['go'], learns: [] }));
    const resumed = reducePair(issue(id), comments, () => undefined);
    assert.equal(resumed?.status, 'accepted');
    assert.deepEqual(resumed?.inviterTopics, { teaches: ['go'], learns: [] });
    assert.deepEqual(resumed?.inviteeTopics, graceTopics);
  });

  it('caps and cleans huge and hostile topic lists', () => {
    const id = randomUUID();
    const hostile = [
      '<img src=x onerror=alert(1)>',
      'a\u202Eevil\u200B',
      '  spaced   out  ',
      'x'.repeat(10_000),
      42,
      null,
      ...Array.from({ length: 5000 }, (_, i) => `t${i}`),
    ];
    const body = issue(id).body + '\n' + formatMarkerPayload({ v: 1, kind: 'pair-accept', pair: id, teaches: hostile, learns: 'not a list' });
    const warnings: string[] = [];
    const pair = reducePair(issue(id), [comment('grace', body)], (w) => warnings.push(w));
    // The learns list is malformed: the whole marker is ignored.
    assert.equal(pair?.status, 'invited');
    assert.match(warnings.join('\n'), /malformed learns/);
    const ok = reducePair(
      issue(id),
      [comment('grace', formatMarkerPayload({ v: 1, kind: 'pair-accept', pair: id, teaches: hostile, learns: [] }))],
      () => undefined,
    );
    const teaches = ok?.inviteeTopics.teaches ?? [];
    assert.equal(ok?.status, 'accepted');
    assert.equal(teaches.length, MAX_TOPICS);
    assert.ok(teaches.every((t) => t.length <= MAX_TOPIC_LENGTH && !/[<>\u202E\u200B]/.test(t)));
    assert.deepEqual(teaches.slice(0, 3), ['img src=x onerror=alert1', 'aevil', 'spaced out']);
    assert.deepEqual(topicsFromText('testing, rust ,, ci, Testing'), ['testing', 'rust', 'ci']);
  });

  it('malformed markers are warnings and never throw; pair markers are not read as ask markers', () => {
    const id = randomUUID();
    const warnings: string[] = [];
    const bodies = [
      '<!-- mutual-mentor {"v":1,"kind":"pair-accept"} -->',
      `<!-- mutual-mentor {"v":9,"kind":"pair-accept","pair":"${id}"} -->`,
      `<!-- mutual-mentor {"v":1,"kind":"pair-bribe","pair":"${id}"} -->`,
      '<!-- mutual-mentor {not json -->',
      `<!-- mutual-mentor {"v":1,"kind":"pair-accept","pair":"${randomUUID()}"} -->`,
    ];
    const pair = reducePair(
      issue(id),
      bodies.map((b) => comment('grace', b)),
      (w) => warnings.push(w),
    );
    assert.equal(pair?.status, 'invited');
    assert.match(warnings.join('\n'), /malformed pair id/);
    assert.match(warnings.join('\n'), /unsupported version/);
    assert.match(warnings.join('\n'), /unknown kind/);
    assert.match(warnings.join('\n'), /another pair/);
    assert.deepEqual(scanMarkers(issue(id).body), { markers: [], warnings: [] });
    assert.equal(
      reducePair({ ...issue(id), body: 'no marker here' }, [], () => undefined),
      undefined,
    );
  });
});

describe('core/pairs/partners', () => {
  const setting = [
    { login: 'grace', teaches: ['old'], learns: [] },
    { login: 'linus', teaches: [], learns: [] },
  ];

  it('an invitation from someone you never asked is an invitation, never a partner', () => {
    const id = randomUUID();
    const fromEve = reducePair({ ...issue(id, { inviter: 'eve', invitee: 'ada' }), author: 'eve' }, [], () => undefined)!;
    const merged = mergePartners([], [fromEve], 'ada');
    assert.deepEqual(merged.partners, []);
    assert.equal(merged.invitations.length, 1);
    assert.equal(merged.invitations[0]?.partner, 'eve');
  });

  it("GitHub's topics win, setting-only partners are kept and offered an invitation, ended pairs drop out", () => {
    const accepted = reducePair(issue(randomUUID()), [], () => undefined)!;
    const id = accepted.id;
    const withGrace = reducePair(issue(id), [act(id, 'grace', 'accept', graceTopics)], () => undefined)!;
    const merged = mergePartners(setting, [withGrace], 'ada');
    assert.deepEqual(
      merged.partners.map((p) => [p.login, p.teaches, p.pair?.status]),
      [
        ['grace', graceTopics.teaches, 'accepted'],
        ['linus', [], undefined],
      ],
    );
    assert.deepEqual(
      merged.settingOnly.map((p) => p.login),
      ['linus'],
    );
    const fromGraceSide = mergePartners([], [withGrace], 'grace');
    assert.deepEqual(
      fromGraceSide.partners.map((p) => [p.login, p.teaches, p.learns]),
      [['ada', adaTopics.teaches, adaTopics.learns]],
    );
    const ended = reducePair(issue(id), [act(id, 'grace', 'accept', graceTopics), act(id, 'grace', 'end')], () => undefined)!;
    const after = mergePartners(setting, [ended], 'ada');
    assert.deepEqual(
      after.partners.map((p) => p.login),
      ['linus'],
    );
    assert.deepEqual(
      after.endedInSetting.map((v) => v.partner),
      ['grace'],
    );
  });
});
