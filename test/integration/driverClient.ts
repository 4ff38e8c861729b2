// The test's side of test/integration/driver/protocol.ts. Present only under the code-server driver;
// under @vscode/test-electron there is no browser to ask, and tests that need one skip.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DRIVER_PREFIX, type DriverRequest, type DriverResponse } from './driver/protocol';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class DriverClient {
  constructor(private readonly resultsDir: string) {}

  async request(request: WithoutId<DriverRequest>, timeoutMs = 30_000): Promise<DriverResponse> {
    const id = randomUUID();
    console.log(`${DRIVER_PREFIX}${JSON.stringify({ ...request, id })}`);
    const file = path.join(this.resultsDir, 'driver', `${id}.json`);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`driver did not answer ${request.action} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const response = JSON.parse(readFileSync(file, 'utf8')) as DriverResponse;
    if (!response.ok) throw new Error(`driver ${request.action} failed: ${response.error ?? 'unknown error'}`);
    return response;
  }

  async text(request: WithoutId<Extract<DriverRequest, { action: 'webviewText' | 'workbenchText' }>>): Promise<string> {
    return (await this.request(request)).text ?? '';
  }

  /** Polls a text read until it satisfies the predicate (the workbench renders asynchronously). */
  async waitForText(
    request: WithoutId<Extract<DriverRequest, { action: 'webviewText' | 'workbenchText' }>>,
    predicate: (text: string) => boolean,
    timeoutMs = 15_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.text(request).catch((e: unknown) => `(read failed: ${e instanceof Error ? e.message : String(e)})`);
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`text did not appear within ${timeoutMs / 1000} s; last read:\n${last.slice(0, 2000)}`);
  }
}

export const driver: DriverClient | undefined =
  process.env.MUTUAL_MENTOR_TEST_DRIVER === 'code-server' && process.env.MUTUAL_MENTOR_TEST_RESULTS
    ? new DriverClient(process.env.MUTUAL_MENTOR_TEST_RESULTS)
    : undefined;
