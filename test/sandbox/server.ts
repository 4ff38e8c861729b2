// The GitHub sandbox: a local, stateful stand-in for the REST and GraphQL subset Mutual Mentor uses,
// with real git behind it. It answers like github.com at the root (`/user`, `/graphql`) and like
// GitHub Enterprise Server under `/api/v3` and `/api/graphql`, serves repositories over smart HTTP at
// `/<owner>/<repo>.git`, meters rate limits per user, and injects faults on demand (admin surface).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Accounting } from './accounting';
import { adminRoutes } from './admin';
import { Faults, type Fault } from './faults';
import { GitService } from './git';
import { executeGraphql } from './graphql/execute';
import { bodyMediaType, HttpError, Router, type Ctx, type Result, type Services } from './http';
import { renderMarkdown } from './markdown';
import { registerRestRoutes } from './rest';
import { followPushes } from './repos';
import { SandboxState, type User } from './state';
import { avatarSvg } from './avatar';
import { etagFor } from './etag';

export interface SandboxOptions {
  readonly port?: number;
  /** Folder for the git repositories; a temporary one (removed on close) when absent. */
  readonly dataDir?: string;
  /** Seconds clients are told to wait between notification polls (`X-Poll-Interval`). */
  readonly pollInterval?: number;
}

export interface Sandbox {
  readonly url: string;
  readonly adminToken: string;
  readonly state: SandboxState;
  readonly accounting: Accounting;
  readonly faults: Faults;
  readonly git: GitService;
  pollInterval: number;
  /**
   * Off by default. When on, body_html/bodyHTML is the body verbatim, unsanitized: a stand-in for an
   * upstream that delivers hostile HTML (a compromised proxy, a rendering bug), so tests can prove the
   * extension's own sanitizing. Real GitHub sanitizes what it renders.
   */
  unsanitizedHtml: boolean;
  /** login → token, for the first stdout line and tests. */
  users(): Record<string, string>;
  close(): Promise<void>;
}

const API_VERSION = '2022-11-28';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? '';
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
  if (m) return m[1];
  const basic = /^basic\s+(\S+)$/i.exec(auth);
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, raw = false): void {
  if (res.headersSent || res.destroyed) return;
  const payload = raw ? (typeof body === 'string' || Buffer.isBuffer(body) ? body : String(body)) : body === undefined ? '' : JSON.stringify(body);
  const type = raw ? (headers['content-type'] ?? 'text/html;charset=utf-8') : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(status === 304 || status === 204 ? undefined : payload);
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'mutual-mentor-sandbox-'));
  const state = new SandboxState();
  followPushes(state);
  const accounting = new Accounting();
  const faults = new Faults();
  const git = new GitService(path.join(dataDir, 'git'));
  const adminToken = `sandbox_admin_${randomBytes(16).toString('hex')}`;
  const router = new Router();
  registerRestRoutes(router);
  const admin = new Router();
  const sockets = new Set<Socket>();
  let url = '';

  const sandbox: Sandbox = {
    get url() {
      return url;
    },
    adminToken,
    state,
    accounting,
    faults,
    git,
    pollInterval: options.pollInterval ?? 60,
    unsanitizedHtml: false,
    users: () => Object.fromEntries([...state.users.values()].map((u) => [u.login, u.token])),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  adminRoutes(admin, sandbox);

  const services: Services = {
    renderMarkdown: (text) => (sandbox.unsanitizedHtml ? text : renderMarkdown(text, url)),
    git,
    rateLimit: (login, resource) => accounting.budget(login, resource),
    pollInterval: () => sandbox.pollInterval,
  };

  /** Applies an injected fault; true when the request was answered (or dropped) by it. */
  function applyFault(fault: Fault, res: ServerResponse, user: User | undefined): boolean {
    switch (fault.kind) {
      case 'status': {
        const status = fault.status ?? 502;
        send(res, status, { message: status === 502 ? 'Server Error' : 'Service Unavailable', documentation_url: 'https://docs.github.com/rest' });
        return true;
      }
      case 'reset':
        res.socket?.destroy();
        return true;
      case 'timeout':
        return true; // never answered; the socket is destroyed when the sandbox closes
      case 'unauthorized':
        send(res, 401, new HttpError(401, 'Bad credentials').toBody());
        return true;
      case 'rate-limit':
        if (user) accounting.setRemaining(user.login, 'core', 0, fault.retryAfter);
        if (user) accounting.setRemaining(user.login, 'graphql', 0, fault.retryAfter);
        return false; // the ordinary primary-limit check answers
      case 'secondary-rate-limit': {
        const status = fault.status === 429 ? 429 : 403;
        send(
          res,
          status,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: String(status),
          },
          { 'retry-after': String(fault.retryAfter ?? 60), ...(user ? accounting.headers(user.login, 'core') : {}) },
        );
        return true;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname = parsed.pathname;
    const body = await readBody(req);
    const method = req.method ?? 'GET';

    // Admin surface: only with the admin token.
    if (pathname.startsWith('/_sandbox/')) {
      if (tokenOf(req) !== adminToken) {
        send(res, 403, { message: 'The sandbox admin surface needs the admin token.' });
        return;
      }
      const m = admin.match(method, pathname);
      if (!m) return send(res, 404, { message: 'Not Found' });
      let json: unknown;
      try {
        json = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
      try {
        const r = await m.handler({ params: m.params, body: json, query: parsed.searchParams } as unknown as Ctx);
        return send(res, r.status, r.body, r.headers);
      } catch (e) {
        if (e instanceof HttpError) return send(res, e.status, e.toBody());
        throw e;
      }
    }

    if (pathname.startsWith('/avatars/')) {
      return send(res, 200, avatarSvg(decodeURIComponent(pathname.slice(9))), { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' }, true);
    }

    // Smart HTTP git: /<owner>/<repo>.git/(info/refs|git-upload-pack|git-receive-pack)
    const gitMatch = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/.exec(pathname);
    if (gitMatch) return serveGit(req, res, gitMatch[1], gitMatch[2], gitMatch[3], parsed.search.slice(1), body);

    // GitHub Enterprise layout: /api/v3/... and /api/graphql
    let apiBase = url;
    if (pathname === '/api/graphql') {
      pathname = '/graphql';
      apiBase = `${url}/api/v3`;
    } else if (pathname === '/api/v3' || pathname.startsWith('/api/v3/')) {
      pathname = pathname.slice(7) || '/';
      apiBase = `${url}/api/v3`;
      // GitHub Enterprise serves GraphQL at /api/graphql only.
      if (pathname === '/graphql') pathname = '/api/v3/graphql';
    }

    // Authentication. The admin token may act as any user with X-Sandbox-As.
    const token = tokenOf(req);
    let user = token ? state.userByToken(token) : undefined;
    const as = req.headers['x-sandbox-as'];
    if (token === adminToken && typeof as === 'string') user = state.user(as);
    const fault = faults.take(method, pathname, user?.login);
    if (fault && applyFault(fault, res, user)) return;
    if (!user) {
      send(res, 401, token ? new HttpError(401, 'Bad credentials').toBody() : new HttpError(401, 'Requires authentication').toBody());
      return;
    }

    const resource = pathname === '/graphql' ? 'graphql' : pathname.startsWith('/search/') ? 'search' : 'core';
    const common: Record<string, string> = {
      'x-github-api-version-selected': API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-oauth-scopes': 'notifications, read:user, repo',
      'x-accepted-oauth-scopes': '',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      'access-control-expose-headers':
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
    };
    if (accounting.exhausted(user.login, resource)) {
      accounting.record(user.login, `${method} ${pathname}`, false, resource === 'graphql');
      const id = user.id;
      send(
        res,
        403,
        {
          message: `API rate limit exceeded for user ID ${id}. If you reach out to GitHub Support for help, please include the request ID.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
        { ...common, ...accounting.headers(user.login, resource) },
      );
      return;
    }

    let json: unknown;
    const contentType = req.headers['content-type'] ?? '';
    if (body.length > 0) {
      if (contentType.startsWith('text/plain')) json = body.toString('utf8');
      else {
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          send(res, 400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' }, common);
          return;
        }
      }
    }

    if (pathname === '/graphql' && method === 'POST') {
      const { status, body: out, cost } = await executeGraphql(sandbox, user, json, apiBase, services);
      accounting.spend(user.login, 'graphql', cost);
      accounting.record(user.login, 'POST /graphql', false, true);
      send(res, status, out, { ...common, ...accounting.headers(user.login, 'graphql') });
      return;
    }

    const match = router.match(method, pathname);
    if (!match) {
      accounting.spend(user.login, resource, 1);
      accounting.record(user.login, `${method} (no route)`, false);
      send(res, 404, new HttpError(404, 'Not Found').toBody(), { ...common, ...accounting.headers(user.login, resource) });
      return;
    }
    const ctx: Ctx = {
      req,
      method,
      path: pathname,
      params: match.params,
      query: parsed.searchParams,
      body: json,
      user,
      state,
      api: apiBase,
      web: url,
      mediaType: bodyMediaType(req.headers.accept),
      services,
    };
    const routeName = `${method} ${routeKey(pathname)}`;
    let result: Result;
    try {
      result = await match.handler(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      accounting.spend(user.login, resource, 1);
      accounting.record(user.login, routeName, false);
      send(res, error.status, error.toBody(), { ...common, ...error.headers, ...accounting.headers(user.login, resource) });
      return;
    }

    let status = result.status;
    const headers: Record<string, string> = { ...common, ...result.headers };
    if (method === 'GET' && status === 200 && !result.raw) {
      const etag = etagFor(user.id, req.headers.accept ?? '', result.body);
      headers.etag = etag;
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      const inm = req.headers['if-none-match'];
      if (
        inm &&
        inm
          .split(',')
          .map((s) => s.trim())
          .includes(etag)
      )
        status = 304;
    }
    const notModified = status === 304;
    if (!notModified && !result.free) accounting.spend(user.login, resource, 1);
    accounting.record(user.login, routeName, notModified);
    send(res, status, result.body, { ...headers, ...accounting.headers(user.login, resource) }, result.raw);
  }

  async function serveGit(req: IncomingMessage, res: ServerResponse, owner: string, name: string, rest: string, query: string, body: Buffer): Promise<void> {
    const repo = state.repo(owner, name);
    const token = tokenOf(req);
    const user = token ? state.userByToken(token) : undefined;
    const push = rest === '/git-receive-pack' || query.includes('service=git-receive-pack');
    const challenge = () => send(res, 401, 'Authentication required', { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="GitHub"' }, true);
    if (!repo || (repo.isPrivate && !(user && state.canRead(user, repo)))) {
      if (!user) return challenge();
      return send(res, 404, 'Repository not found.', { 'content-type': 'text/plain' }, true);
    }
    if (push) {
      if (!user) return challenge();
      if (!state.canWrite(user, repo))
        return send(res, 403, `Permission to ${owner}/${name}.git denied to ${user.login}.`, { 'content-type': 'text/plain' }, true);
    }
    const before = push && rest === '/git-receive-pack' ? await git.branches(repo.gitDir) : undefined;
    await git.serveHttp(req, res, `/${repo.owner.login.toLowerCase()}/${repo.name.toLowerCase()}.git${rest}`, query, user?.login, body);
    if (before) {
      const after = await git.branches(repo.gitDir);
      for (const [ref, sha] of after) if (before.get(ref) !== sha) state.emit({ type: 'push', repo, ref, sha });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('sandbox: internal error', error);
      send(res, 500, { message: `Sandbox internal error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  // Clients (undici, octokit) keep connections alive. Node closes an idle one after 5 s by default,
  // which races a client reusing it after a pause (ECONNRESET on a slow machine); GitHub keeps them
  // longer, and so does the sandbox. close() destroys every socket anyway.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sandbox;
}

/** A route's shape for per-route counting: numbers and shas become placeholders. */
function routeKey(pathname: string): string {
  return pathname.replace(/\/\d+(?=\/|$)/g, '/:n').replace(/\/[0-9a-f]{40}(?=\/|$)/g, '/:sha');
}
