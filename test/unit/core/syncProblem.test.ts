// When sync says GitHub cannot be reached, and when it says GitHub answers again (which sends the outbox).
import { strict as assert } from 'node:assert';
import { syncProblem } from '../../../src/core/sync/poller';

describe('core/sync syncProblem', () => {
  const down = 'Cannot reach github.com (502). Mutual Mentor keeps your work and retries.';

  it('keeps a problem through a poll starting and a pause: only a poll that succeeds (or a stop) ends it', () => {
    let problem = syncProblem({ kind: 'backoff', attempt: 1, retryAt: 0, offline: true, message: down }, undefined);
    assert.equal(problem, down);
    problem = syncProblem({ kind: 'polling' }, problem);
    assert.equal(problem, down, 'a poll starting is not GitHub answering');
    problem = syncProblem({ kind: 'paused' }, problem);
    assert.equal(problem, down);
    problem = syncProblem({ kind: 'idle', lastPollAt: 1, nextPollAt: 2, pollIntervalSeconds: 60 }, problem);
    assert.equal(problem, undefined);
    assert.equal(syncProblem({ kind: 'stopped' }, down), undefined);
  });

  it('says a rate limit and a refused token in their own words', () => {
    assert.equal(syncProblem({ kind: 'rateLimited', resetAt: new Date(0), message: 'limit' }, undefined), 'limit');
    assert.equal(syncProblem({ kind: 'unauthorized', message: 'token' }, 'limit'), 'token');
    assert.equal(syncProblem({ kind: 'polling' }, undefined), undefined);
  });
});
