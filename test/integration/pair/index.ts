// extensionTestsPath of the two-workbench suite: runs the one side's file named by
// MUTUAL_MENTOR_PAIR_ROLE (ada or grace) in this VS Code (driver/pairRun.ts starts both).
import path from 'node:path';
import Mocha from 'mocha';
import { runMocha } from '../runMocha';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reporter is a CommonJS file beside the tests' sources
const SummaryReporter = require(path.resolve(__dirname, '../../../../test/support/summaryReporter.cjs')) as Mocha.ReporterConstructor;

export function run(): Promise<void> {
  const role = process.env.MUTUAL_MENTOR_PAIR_ROLE;
  if (role !== 'ada' && role !== 'grace') return Promise.reject(new Error(`MUTUAL_MENTOR_PAIR_ROLE must be ada or grace, not ${role ?? 'unset'}`));
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: SummaryReporter });
  mocha.addFile(path.join(__dirname, `${role}.test.cjs`));
  return runMocha(mocha);
}
