// Starts a GitHub sandbox for a test file and hands out octokit clients whose every REST response
// (success or error) is validated against GitHub's official OpenAPI description. A contract failure
// fails the test that made the request.
import { Octokit, RequestError } from 'octokit';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { seedDefault } from '../../sandbox/seed';
import { validateResponse } from '../../support/openapi';

export interface Harness {
  readonly sandbox: Sandbox;
  /** An octokit client authenticated as the login; REST responses are contract-checked. */
  client(login: string, options?: { checkContract?: boolean; baseUrl?: string }): Octokit;
  /** Contract-checks every REST response of another octokit client (the product's own, src/core/github/client.ts). */
  checkContract<T extends Pick<Octokit, 'hook'>>(client: T): T;
  /** Calls the admin surface. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** Operations whose responses were validated, with how many times. */
  readonly validated: Map<string, number>;
  close(): Promise<void>;
}

export async function startHarness(options: { pollInterval?: number } = {}): Promise<Harness> {
  const sandbox = await createSandbox(options);
  await seedDefault(sandbox);
  const validated = new Map<string, number>();
  const check = (method: string, url: string, status: number, data: unknown) => {
    if (url.endsWith('/graphql')) return;
    // GitHub's description has no /repositories/{id}/… paths (where Link headers point); they answer
    // what /repos/{owner}/{repo}/… answers, so they are checked against that.
    const path = new URL(url).pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/repositories\/\d+(?=\/)/, '/repos/owner/repo');
    const result = validateResponse(method, path, status, data);
    if (result.problems) throw new Error(`contract: ${result.operation}: ${result.problems}`);
    validated.set(result.operation, (validated.get(result.operation) ?? 0) + 1);
  };
  const checkContract = <T extends Pick<Octokit, 'hook'>>(octokit: T): T => {
    octokit.hook.after('request', (response, opts) => check(opts.method, response.url, response.status, response.data));
    octokit.hook.error('request', (error, opts) => {
      const e = error as { status?: number; response?: { url: string; data: unknown } };
      if (e.response && e.status && e.status !== 304) check(opts.method, e.response.url, e.status, e.response.data);
      throw error;
    });
    return octokit;
  };
  return {
    sandbox,
    validated,
    checkContract,
    client(login, { checkContract: checked = true, baseUrl } = {}) {
      const token = sandbox.users()[login];
      if (!token) throw new Error(`no sandbox user ${login}`);
      const octokit = new Octokit({ auth: token, baseUrl: baseUrl ?? sandbox.url, throttle: { enabled: false }, retry: { enabled: false } });
      return checked ? checkContract(octokit) : octokit;
    },
    admin: (method, path, body) =>
      fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: `token ${sandbox.adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    close: () => sandbox.close(),
  };
}

/** The RequestError a request fails with; fails the test if it succeeds or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
