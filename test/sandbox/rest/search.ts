// GET /search/issues: GitHub's issue and pull request search over what the user can read (the query
// language is in ../searchQuery.ts). Spends the `search` rate-limit resource (the server picks it for
// /search/ paths). As on GitHub, at most the first 1000 results are reachable through paging. Only lexical
// search is served (`search_type: lexical`), also when semantic or hybrid is asked for.
import { paginate, validationFailed, type Router } from '../http';
import { parseSearchQuery, searchIssueResults, unsearchable } from '../searchQuery';
import { issue as issueJson } from '../serializeIssues';

const SORTS = [
  'comments',
  'reactions',
  'reactions-+1',
  'reactions--1',
  'reactions-smile',
  'reactions-thinking_face',
  'reactions-heart',
  'reactions-tada',
  'interactions',
  'created',
  'updated',
];

export function registerSearchRoutes(router: Router): void {
  router.get('/search/issues', (ctx) => {
    const q = ctx.query.get('q')?.trim() ?? '';
    if (!q) throw validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }]);
    const sort = ctx.query.get('sort');
    if (sort !== null && !SORTS.includes(sort)) throw validationFailed([{ resource: 'Search', field: 'sort', code: 'invalid' }]);
    const hidden = unsearchable(ctx.state, ctx.user, parseSearchQuery(q));
    if (hidden.length) {
      throw validationFailed([
        {
          message: 'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
          resource: 'Search',
          field: 'q',
          code: 'invalid',
        },
      ]);
    }
    const { results, incomplete } = searchIssueResults(ctx.state, ctx.user, q, { sort, order: ctx.query.get('order') });
    const reachable = results.slice(0, 1000);
    const page = paginate(ctx, reachable, ({ issue, score }) => {
      const item: Record<string, unknown> = { ...issueJson(ctx, issue), ...(issue.pull ? { draft: issue.pull.draft } : {}), score };
      // The search item's body fields are strings, never null, in GitHub's description: an empty body is left out.
      for (const field of ['body', 'body_html', 'body_text']) if (item[field] === null) delete item[field];
      return item;
    });
    return { ...page, body: { total_count: results.length, incomplete_results: incomplete, items: page.body, search_type: 'lexical' } };
  });
}
