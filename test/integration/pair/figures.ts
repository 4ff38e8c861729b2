// What each side of the two-workbench suite reports at its end, and the check that the two mirror.
// Plain TypeScript (no vscode): the runner (driver/pairRun.ts) and the tests inside VS Code share it.

/** A test prints this, then one JSON object: her Ledger figures with the other side. */
export const LEDGER_PREFIX = 'MUTUAL_MENTOR_LEDGER ';

/** A test prints this, then the pair's state as her VS Code shows it (e.g. accepted). */
export const PAIR_PREFIX = 'MUTUAL_MENTOR_PAIR ';

export interface SideFigures {
  readonly taught: number;
  readonly learned: number;
  readonly helpGiven: number;
  readonly helpReceived: number;
}

/** ada's taught is grace's learned and back, and help given on one side is help received on the other. */
export function mirrored(ada: SideFigures | undefined, grace: SideFigures | undefined): boolean {
  if (!ada || !grace) return false;
  return ada.taught === grace.learned && ada.learned === grace.taught && ada.helpGiven === grace.helpReceived && ada.helpReceived === grace.helpGiven;
}
