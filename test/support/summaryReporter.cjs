// Mocha's spec reporter plus one machine-readable result line at the end:
//   MUTUAL_MENTOR_RESULT {"passes":N,"failures":N,"pending":N}
// The test orchestrator and the code-server driver read it. Inside VS Code it is also the
// sentinel that tells a finished run from a crashed extension host (which exits with code 0).
'use strict';
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;
const SENTINEL = 'MUTUAL_MENTOR_RESULT';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      console.log(`${SENTINEL} ${JSON.stringify({ passes, failures, pending })}`);
    });
  }
}

module.exports = SummaryReporter;
module.exports.SENTINEL = SENTINEL;
