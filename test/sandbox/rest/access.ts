// Looking things up the way GitHub answers: what the user may not see is 404, never 403.
import { notFound, type Ctx } from '../http';
import type { Issue, Repo } from '../state';

export function readableRepo(ctx: Ctx): Repo {
  const repo = ctx.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo || !ctx.state.canRead(ctx.user, repo)) throw notFound();
  return repo;
}

export function repoById(ctx: Ctx): Repo {
  const repo = ctx.state.repoById(Number(ctx.params.id));
  if (!repo || !ctx.state.canRead(ctx.user, repo)) throw notFound();
  return repo;
}

export function issueIn(repo: Repo, number: string | undefined): Issue {
  const issue = repo.issues.get(Number(number));
  if (!issue) throw notFound();
  return issue;
}

export function pullIn(repo: Repo, number: string | undefined): Issue {
  const issue = issueIn(repo, number);
  if (!issue.pull) throw notFound();
  return issue;
}
