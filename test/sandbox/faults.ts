// Faults injected on demand through the admin surface, to test how the extension copes with GitHub
// failing: server errors, dropped connections, hangs, revoked tokens and rate limits.

export const faultKinds = ['status', 'reset', 'timeout', 'unauthorized', 'rate-limit', 'secondary-rate-limit'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface Fault {
  readonly id: number;
  readonly kind: FaultKind;
  /** For `status`: the HTTP status to answer (default 502). For `secondary-rate-limit`: 403 or 429. */
  readonly status?: number;
  /** Seconds for `retry-after` (secondary rate limit) or until the primary limit resets. */
  readonly retryAfter?: number;
  /** Only requests whose method matches (e.g. POST). */
  readonly method?: string;
  /** Only requests whose path (without /api/v3) matches this regular expression. */
  readonly path?: string;
  /** Only requests made by this login. */
  readonly login?: string;
  /** How many matching requests fail; then the fault is removed. Unlimited when absent. */
  remaining?: number;
  hits: number;
}

export type FaultSpec = Omit<Fault, 'id' | 'hits'>;

export function parseFaultSpec(raw: unknown): FaultSpec | string {
  if (typeof raw !== 'object' || raw === null) return 'body must be a JSON object';
  const r = raw as Record<string, unknown>;
  if (!(faultKinds as readonly unknown[]).includes(r.kind)) return `kind must be one of ${faultKinds.join(', ')}`;
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  if (r.path !== undefined) {
    if (typeof r.path !== 'string') return 'path must be a string';
    try {
      new RegExp(r.path);
    } catch {
      return 'path must be a regular expression';
    }
  }
  const spec: FaultSpec = { kind: r.kind as FaultKind };
  const optional = {
    status: num(r.status),
    retryAfter: num(r.retryAfter),
    method: str(r.method)?.toUpperCase(),
    path: str(r.path),
    login: str(r.login),
    remaining: num(r.count),
  };
  return Object.assign(spec, Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)));
}

export class Faults {
  private next = 1;
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.next++, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** The first fault that applies to this request, counted as hit. */
  take(method: string, path: string, login: string | undefined): Fault | undefined {
    const fault = this.faults.find(
      (f) => (!f.method || f.method === method) && (!f.path || new RegExp(f.path).test(path)) && (!f.login || f.login.toLowerCase() === login?.toLowerCase()),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.remaining !== undefined && --fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
