// Executes GraphQL against GitHub's official schema. Resolution is strict: a field the sandbox has
// no data or resolver for fails loudly with an error naming it, never a silent null.
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver } from 'graphql';
import type { Services } from '../http';
import type { Sandbox } from '../server';
import type { User } from '../state';
import { queryCost } from './cost';
import { githubErrors } from './errors';
import { rootResolvers, type GqlContext } from './resolvers';
import { githubSchema } from './schema';

export interface GraphqlResult {
  readonly status: number;
  readonly body: unknown;
  readonly cost: number;
}

/** Reads a field from the object the parent resolver returned; functions are called with (args, ctx). */
const strictFieldResolver: GraphQLFieldResolver<unknown, GqlContext> = (source, args, ctx, info) => {
  if (source !== null && typeof source === 'object' && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === 'function' ? (value as (a: unknown, c: GqlContext) => unknown).call(source, args, ctx) : value;
  }
  throw new GraphQLError(`The GitHub sandbox has no resolver for ${info.parentType.name}.${info.fieldName}. Add it to test/sandbox/graphql/.`);
};

export async function executeGraphql(sandbox: Sandbox, user: User, body: unknown, api: string, services: Services): Promise<GraphqlResult> {
  const request = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== 'string') {
    return {
      status: 400,
      body: { message: 'A query attribute must be specified and must be a string.', documentation_url: 'https://docs.github.com/graphql' },
      cost: 0,
    };
  }
  const variables = (typeof request.variables === 'object' && request.variables !== null ? request.variables : {}) as Record<string, unknown>;
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: error instanceof Error ? error.message : String(error) }] }, cost: 1 };
  }
  const schema = await githubSchema();
  const errors = validate(schema, document);
  if (errors.length > 0) return { status: 200, body: { errors: errors.map((e) => e.toJSON()) }, cost: 1 };

  const { cost, nodeCount } = queryCost(document, variables, typeof request.operationName === 'string' ? request.operationName : undefined);
  const budget = sandbox.accounting.budget(user.login, 'graphql');
  const ctx: GqlContext = { sandbox, user, api, web: sandbox.url, services, cost, nodeCount, budgetAfter: () => budget };
  const result = await execute({
    schema,
    document,
    rootValue: rootResolvers(ctx),
    contextValue: ctx,
    variableValues: variables,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
    fieldResolver: strictFieldResolver,
    typeResolver: (value) => (value as { __typename?: string }).__typename,
  });
  return { status: 200, body: githubErrors(result), cost };
}
