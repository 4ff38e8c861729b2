// The sandbox's HTTP vocabulary: a small router, the request context handed to route handlers,
// GitHub-shaped errors, media types and Link pagination.
import type { IncomingMessage } from 'node:http';
import type { Budget, Resource } from './accounting';
import type { GitService } from './git';
import type { SandboxState, User } from './state';

export const DOCS = 'https://docs.github.com/rest';

/** The body representation asked for with `Accept: application/vnd.github[.v3].<type>[+json]` (octokit sends it without +json). */
export type BodyMediaType = 'raw' | 'html' | 'text' | 'full';

export interface Ctx {
  readonly req: IncomingMessage;
  readonly method: string;
  /** The REST path without the GitHub Enterprise `/api/v3` prefix. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (or the text for text/plain), undefined when empty. */
  readonly body: unknown;
  readonly user: User;
  readonly state: SandboxState;
  /** API base of this request: `http://127.0.0.1:<port>` or `…/api/v3`, used in every `url` field. */
  readonly api: string;
  /** Web base (`html_url`, git remotes): `http://127.0.0.1:<port>`. */
  readonly web: string;
  readonly mediaType: BodyMediaType;
  /** Hooks into the sandbox for the few routes that need more than the state (git, markdown). */
  readonly services: Services;
}

export interface Services {
  /** GitHub-flavoured markdown to sanitized HTML. */
  renderMarkdown(text: string, context?: string): string;
  git: GitService;
  /** A user's budget for one rate-limit resource. */
  rateLimit(this: void, login: string, resource: Resource): Budget;
  /** Seconds clients should wait between notification polls. */
  pollInterval(): number;
}

export interface Result {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send body as is (a string or Buffer) instead of JSON. */
  readonly raw?: boolean;
  /** Costs no rate-limit point (GET /rate_limit). */
  readonly free?: boolean;
}

export type Handler = (ctx: Ctx) => Result | Promise<Result>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(docs = DOCS): Record<string, unknown> {
    return { message: this.message, ...this.extra, documentation_url: docs, status: String(this.status) };
  }
}

export const notFound = () => new HttpError(404, 'Not Found');

/** 422 the way GitHub reports a field that failed validation. */
export function validationFailed(errors: readonly Record<string, unknown>[] | readonly string[], message = 'Validation Failed'): HttpError {
  return new HttpError(422, message, { errors });
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  get(path: string, handler: Handler): this {
    return this.add('GET', path, handler);
  }
  post(path: string, handler: Handler): this {
    return this.add('POST', path, handler);
  }
  put(path: string, handler: Handler): this {
    return this.add('PUT', path, handler);
  }
  patch(path: string, handler: Handler): this {
    return this.add('PATCH', path, handler);
  }
  delete(path: string, handler: Handler): this {
    return this.add('DELETE', path, handler);
  }

  /** The handler and path parameters for a request; a known path with another method is a 404 on GitHub too. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { handler: route.handler, params };
    }
    return undefined;
  }
}

export function bodyMediaType(accept: string | undefined): BodyMediaType {
  const m = /application\/vnd\.github(?:\.v3)?\.(raw|html|text|full)(?:\+json)?(?![\w.+-])/.exec(accept ?? '');
  return (m?.[1] as BodyMediaType | undefined) ?? 'raw';
}

/** Body fields in the representation the client asked for (GitHub's `body`, `body_html`, `body_text`). */
export function bodyFields(ctx: Ctx, body: string | null): Record<string, string | null> {
  const html = () => (body === null ? null : ctx.services.renderMarkdown(body));
  const text = () => (body === null ? null : body.replace(/<!--[\s\S]*?-->/g, '').trim());
  switch (ctx.mediaType) {
    case 'html':
      return { body_html: html() };
    case 'text':
      return { body_text: text() };
    case 'full':
      return { body, body_html: html(), body_text: text() };
    case 'raw':
      return { body };
  }
}

/** Reads `per_page` (default 30, at most 100) and `page` (from 1) as GitHub does. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.get('per_page') ?? '30', 10) || 30));
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  return { perPage, page };
}

/**
 * One page of a list with GitHub's `Link` header (`next`, `last`, `first`, `prev`). `linkPath` is the path
 * the links point at; GitHub points repository lists at `/repositories/<id>/…`.
 */
export function paginate<T>(ctx: Ctx, items: readonly T[], serialize: (item: T) => unknown, linkPath = ctx.path): Result {
  const { perPage, page } = pageParams(ctx.query);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${ctx.api}${linkPath}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { status: 200, body: slice.map(serialize), headers: links.length ? { link: links.join(', ') } : {} };
}

export function requireString(body: unknown, field: string, resource: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw validationFailed([{ resource, code: 'missing_field', field }]);
  }
  return value;
}

export function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
