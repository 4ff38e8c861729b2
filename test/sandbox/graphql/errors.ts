// GitHub's GraphQL errors: besides `message`, `path` and `locations`, GitHub names the kind of
// failure in a top-level `type` (`NOT_FOUND`, `FORBIDDEN`, `EXCESSIVE_PAGINATION`, …), which clients
// branch on. Resolvers throw (or return, inside lists) a GitHubGraphqlError; githubErrors lifts its
// type into the response.
import type { ExecutionResult, GraphQLError } from 'graphql';

export class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function nodeNotFound(id: string): GitHubGraphqlError {
  return new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

/** "Could not resolve to a PullRequest with the number of 7." — GitHub's wording for missing objects. */
export function notFound(what: string, by: string): GitHubGraphqlError {
  return new GitHubGraphqlError('NOT_FOUND', `Could not resolve to ${/^[AEIOU]/.test(what) ? 'an' : 'a'} ${what} with ${by}.`);
}

export function forbidden(login: string, mutation: string): GitHubGraphqlError {
  return new GitHubGraphqlError('FORBIDDEN', `${login} does not have the correct permissions to execute \`${mutation}\``);
}

export function unprocessable(message: string): GitHubGraphqlError {
  return new GitHubGraphqlError('UNPROCESSABLE', message);
}

function typeOf(error: GraphQLError): string | undefined {
  const original = error.originalError;
  return original instanceof GitHubGraphqlError ? original.type : undefined;
}

/** The execution result as GitHub serializes it: each error with its `type` first when it has one. */
export function githubErrors(result: ExecutionResult): Record<string, unknown> {
  if (!result.errors?.length) return { data: result.data };
  const errors = result.errors.map((e) => {
    const type = typeOf(e);
    return { ...(type ? { type } : {}), ...e.toJSON() };
  });
  return { ...(result.data !== undefined ? { data: result.data } : {}), errors };
}
