// Runs a mocha instance inside the extension host and settles when it is done: rejects when a test failed or
// a test file did not load (VS Code then exits with a non-zero code). Shared by both suites' entries
// (index.ts and pair/index.ts).
import type Mocha from 'mocha';

export function runMocha(mocha: Mocha): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (error) {
      console.error('integration tests failed to load:', error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
