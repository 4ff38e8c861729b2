// extensionTestsPath: VS Code loads this module in the extension host and awaits run().
// Works under code-server (npm test) and under @vscode/test-electron (npm run test:desktop).
// Bundled by esbuild as CommonJS (out/test/integration/index.cjs), so __dirname and require exist.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { runMocha } from './runMocha';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reporter is a CommonJS file beside the tests' sources
const SummaryReporter = require(path.resolve(__dirname, '../../../test/support/summaryReporter.cjs')) as Mocha.ReporterConstructor;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: SummaryReporter });
  // The suites build on each other like a person's first session: the extension starts signed out,
  // then signs in, then pairs, then asks. Any other file runs after these, by name.
  const order = ['extension.test.cjs', 'signIn.test.cjs', 'partners.test.cjs', 'asks.test.cjs', 'threads.test.cjs', 'ledger.test.cjs', 'anchors.test.cjs'];
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  // MUTUAL_MENTOR_IT_ONLY=storeSaving,threads runs those files after the ones every later suite builds on
  // (start, sign-in, pairing): a quicker loop while working on one suite; `npm test` never sets it.
  const only = process.env.MUTUAL_MENTOR_IT_ONLY?.split(',').map((name) => `${name.trim()}.test.cjs`);
  const wanted = (f: string) => !only || order.slice(0, 3).includes(f) || only.includes(f);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.cjs') && wanted(f))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (files.length === 0) {
    console.error(`no integration test files (*.test.cjs) in ${__dirname}; build them with: node esbuild.config.js --tests`);
    return Promise.reject(new Error('no integration test files'));
  }
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return runMocha(mocha);
}
