// `npm run bench -- <name>`: runs one benchmark by name. Each prints its figures (a table, then
// one JSON line) and resolves whether it met its targets; a missed target exits non-zero.
import { runActivationBench } from './activation';
import { runAnchorsBench } from './anchors';
import { runHostileBench } from './hostile';
import { runLatencyBench } from './latency';
import { runLedgerBench } from './ledger';
import { runReportBench } from './report';
import { runSyncBench } from './sync';

const benches: Readonly<Record<string, () => Promise<boolean>>> = {
  sync: runSyncBench,
  ledger: runLedgerBench,
  anchors: runAnchorsBench,
  hostile: runHostileBench,
  latency: runLatencyBench,
  activation: runActivationBench,
  report: runReportBench,
};

const name = process.argv[2];
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <name>   (one of: ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}
try {
  process.exitCode = (await bench()) ? 0 : 1;
} catch (error) {
  console.error(`bench ${name} failed:`, error);
  process.exitCode = 1;
}
