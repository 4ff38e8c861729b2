// GitHub's official public GraphQL schema (@octokit/graphql-schema), built once.
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

let cached: Promise<GraphQLSchema> | undefined;

export function githubSchema(): Promise<GraphQLSchema> {
  // Built from the introspection JSON, not the SDL file: the SDL defines two fields twice and fails to build.
  cached ??= import('@octokit/graphql-schema').then((m) => buildClientSchema(m.schema.json as unknown as IntrospectionQuery));
  return cached;
}
