// What the activation probe (test/integration/activationProbe.ts, in the extension host) reports to
// bench/activation.ts (on Node): one console line, this prefix and JSON.
export const PROBE_PREFIX = 'MUTUAL_MENTOR_ACTIVATION ';

export interface ProbeFile {
  readonly file: string;
  readonly bytes: number;
}

export interface ProbeReport {
  readonly vscode: string;
  /** Whether the extension was active before the probe asked (then the figures are later than activation). */
  readonly wasActive: boolean;
  /** activate()'s own measure (performance.now() around its body). */
  readonly activationMs: number;
  /** activate() as awaited through the extension API, extension host overhead included. */
  readonly awaitedMs: number;
  /** The extension's own files in the module cache right when activate() has resolved. */
  readonly atActivation: readonly ProbeFile[];
  /** …and once the store is open and the account checked (what loads lazily after activation). */
  readonly afterStart: readonly ProbeFile[];
}
