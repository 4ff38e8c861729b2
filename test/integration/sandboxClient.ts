// What an integration test knows of the GitHub sandbox the driver started (absent under
// @vscode/test-electron, where tests that need it skip).
const users = process.env.MUTUAL_MENTOR_TEST_USERS ? (JSON.parse(process.env.MUTUAL_MENTOR_TEST_USERS) as Record<string, string>) : undefined;

export const sandbox = users && process.env.MUTUAL_MENTOR_SANDBOX_URL && process.env.MUTUAL_MENTOR_SANDBOX_ADMIN
  ? {
    url: process.env.MUTUAL_MENTOR_SANDBOX_URL,
    token: (login: string): string => {
      const token = users[login];
      if (!token) throw new Error(`no sandbox user ${login}`);
      return token;
    },
    /** Calls the sandbox's admin surface. */
    admin: async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${process.env.MUTUAL_MENTOR_SANDBOX_URL}${path}`, {
        method,
        headers: { authorization: `token ${process.env.MUTUAL_MENTOR_SANDBOX_ADMIN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: ${res.status}`);
      return res.status === 204 ? undefined : res.json();
    },
    /** A REST POST as a user (the admin token acting with X-Sandbox-As): the partner answering. */
    postAs: async (login: string, path: string, body: unknown): Promise<unknown> => {
      const res = await fetch(`${process.env.MUTUAL_MENTOR_SANDBOX_URL}${path}`, {
        method: 'POST',
        headers: { authorization: `token ${process.env.MUTUAL_MENTOR_SANDBOX_ADMIN}`, 'x-sandbox-as': login, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`POST ${path} as ${login}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** A REST GET as a user (the admin token acting with X-Sandbox-As), e.g. to see what a partner sees. */
    getAs: async (login: string, path: string): Promise<unknown> => {
      const res = await fetch(`${process.env.MUTUAL_MENTOR_SANDBOX_URL}${path}`, {
        headers: { authorization: `token ${process.env.MUTUAL_MENTOR_SANDBOX_ADMIN}`, 'x-sandbox-as': login },
      });
      if (!res.ok) throw new Error(`GET ${path} as ${login}: ${res.status}`);
      return res.json();
    },
  }
  : undefined;
