// What an integration test knows of the GitHub sandbox the driver started (absent under
// @vscode/test-electron, where tests that need it skip).
const users = process.env.MUTUAL_MENTOR_TEST_USERS ? (JSON.parse(process.env.MUTUAL_MENTOR_TEST_USERS) as Record<string, string>) : undefined;
const url = process.env.MUTUAL_MENTOR_SANDBOX_URL;
const adminToken = process.env.MUTUAL_MENTOR_SANDBOX_ADMIN;

/** A request with the admin token; with `as`, the sandbox carries it out as that user (X-Sandbox-As). */
async function request(method: string, path: string, options: { as?: string; body?: unknown } = {}): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `token ${adminToken}`,
      ...(options.as ? { 'x-sandbox-as': options.as } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}${options.as ? ` as ${options.as}` : ''}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

export const sandbox =
  users && url && adminToken
    ? {
        url,
        token: (login: string): string => {
          const token = users[login];
          if (!token) throw new Error(`no sandbox user ${login}`);
          return token;
        },
        /** Calls the sandbox's admin surface. */
        admin: (method: string, path: string, body?: unknown) => request(method, path, { body }),
        /** A REST POST as a user: the partner answering. */
        postAs: (login: string, path: string, body: unknown) => request('POST', path, { as: login, body }),
        /** A PUT as a user, e.g. merging a pull request. */
        putAs: (login: string, path: string, body: unknown = {}) => request('PUT', path, { as: login, body }),
        /** A REST GET as a user, e.g. to see what a partner sees. */
        getAs: (login: string, path: string) => request('GET', path, { as: login }),
      }
    : undefined;
