// Validates REST responses against GitHub's official OpenAPI description (@octokit/openapi,
// api.github.com, dereferenced) with Ajv. Used by the sandbox contract tests: every response the
// sandbox serves to an octokit client made by test/unit/sandbox/harness.ts passes through here.
import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

interface Operation {
  readonly responses: Record<string, { content?: Record<string, { schema?: object }> } | undefined>;
}
type PathItem = Record<string, Operation | undefined>;

let spec: { paths: Record<string, PathItem> } | undefined;
let templates: { template: string; pattern: RegExp; params: number }[] | undefined;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function load(): { paths: Record<string, PathItem> } {
  // A 70 MB JSON file, loaded once on first use.
  spec ??= require('@octokit/openapi/generated/api.github.com.deref.json') as { paths: Record<string, PathItem> };
  templates ??= Object.keys(spec.paths).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template
        .split('/')
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('/')}$`,
    ),
    params: (template.match(/\{/g) ?? []).length,
  }));
  return spec;
}

/**
 * OpenAPI 3.0's `nullable: true` next to `anyOf`/`oneOf` (no `type`) is not JSON Schema and Ajv refuses
 * it ("nullable cannot be used without type"); such a schema becomes `anyOf: [schema, { type: 'null' }]`. A
 * nullable `enum` admits null too, as OpenAPI means it (Ajv checks the enum without the null).
 */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  labelDescriptionErratum(node);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableToJsonSchema(v);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (out.nullable === undefined || 'type' in out) return out;
  const nullable = out.nullable === true;
  delete out.nullable;
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/**
 * Erratum: a label's `description` is null when it has none — api.github.com sends null, and the
 * @octokit/fixtures recordings show it — but some of the description's embedded label schemas
 * (e.g. in pull-request-simple) declare a plain string. Such a label schema admits null there.
 */
function labelDescriptionErratum(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const props = (node as { properties?: Record<string, { type?: unknown; nullable?: boolean }> }).properties;
  if (!props || !props.name || !props.color || !props.default || props.description?.type !== 'string') return;
  props.description = { ...props.description, nullable: true };
}

/** The OpenAPI path template a concrete path matches, preferring the most literal one. */
export function templateFor(path: string): string | undefined {
  load();
  const matches = templates!.filter((t) => t.pattern.test(path)).sort((a, b) => a.params - b.params);
  return matches[0]?.template;
}

export interface ContractResult {
  readonly operation: string;
  /** Undefined when the response is valid. */
  readonly problems?: string;
}

/**
 * Validates one response. A path or status the description does not document is itself a
 * contract failure: the sandbox must not invent endpoints or statuses GitHub does not have.
 */
export function validateResponse(method: string, path: string, status: number, body: unknown): ContractResult {
  const { paths } = load();
  const template = templateFor(path);
  const operation = `${method.toUpperCase()} ${template ?? path} → ${status}`;
  if (!template) return { operation, problems: `no such path in GitHub's REST description: ${path}` };
  const op = paths[template]?.[method.toLowerCase()];
  if (!op) return { operation, problems: `GitHub's REST description has no ${method.toUpperCase()} on ${template}` };
  const response = op.responses[String(status)];
  if (!response) return { operation, problems: `status ${status} is not documented for ${method.toUpperCase()} ${template}` };
  const schema = response.content?.['application/json']?.schema ?? response.content?.['text/html']?.schema;
  if (!schema) return { operation }; // documented without a JSON body (204, 304, text)
  const key = `${method} ${template} ${status}`;
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv.compile(nullableToJsonSchema(schema) as object)));
  if (validate(body)) return { operation };
  const problems = (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`)
    .join('; ');
  return { operation, problems };
}
