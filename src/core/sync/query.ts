// The one batched GraphQL query a poll makes: every node that changed (review threads, issues,
// pull requests, and whole-PR ask comments on first sight) through `nodes(ids:)`, with inline
// fragments per type. GitHub takes at most 100 ids per `nodes`, so the query has a second, aliased
// `nodes` list (`more`): up to 200 nodes in one request.
//
// Cost by GitHub's rule (sum of the connection requests, /100, rounded, minimum 1): a review
// thread's comments 1, an issue's comments 1, a pull request's reviews 1 + their comments 50 + its
// comments 1, so 54 per `nodes` list, 108 for both: 1 point.
// A whole-PR ask's comment only yields its pull request's id (no connection): the pull request
// itself is then asked for by id, so its fragment appears once per list and the cost stays 1.
// `$more` is empty when 100 or fewer ids are asked for. Lists take the `last` 50: in a long thread
// the newest replies are the ones to show (the ask's own comment is found by id or by time).

/** GitHub's limit of ids per `nodes(ids:)`. */
export const MAX_IDS_PER_LIST = 100;

export const SYNC_QUERY = /* GraphQL */ `
  query MutualMentorSync($ids: [ID!]!, $more: [ID!]!) {
    nodes(ids: $ids) {
      ...SyncNode
    }
    more: nodes(ids: $more) {
      ...SyncNode
    }
    rateLimit {
      cost
      remaining
      resetAt
    }
  }
  fragment SyncNode on Node {
    __typename
    id
    ... on PullRequestReviewThread {
      isResolved
      isOutdated
      line
      startLine
      path
      comments(last: 50) {
        nodes {
          ...SyncReviewComment
        }
      }
    }
    ... on Issue {
      databaseId
      number
      url
      createdAt
      author {
        login
      }
      body
      bodyHTML
      comments(last: 50) {
        nodes {
          ...SyncIssueComment
        }
      }
    }
    ... on IssueComment {
      databaseId
      createdAt
      author {
        login
      }
      pullRequest {
        id
      }
    }
    ... on PullRequest {
      databaseId
      number
      url
      createdAt
      author {
        login
      }
      body
      bodyHTML
      reviews(last: 50) {
        nodes {
          id
          author {
            login
          }
          state
          body
          bodyHTML
          submittedAt
          url
          comments(first: 50) {
            nodes {
              ...SyncReviewComment
              diffHunk
              originalLine
              originalStartLine
              originalCommit {
                oid
              }
            }
          }
        }
      }
      comments(last: 50) {
        nodes {
          ...SyncIssueComment
        }
      }
    }
  }
  fragment SyncReviewComment on PullRequestReviewComment {
    id
    databaseId
    author {
      login
    }
    body
    bodyHTML
    createdAt
    url
    path
    line
    startLine
    replyTo {
      id
    }
  }
  fragment SyncIssueComment on IssueComment {
    id
    databaseId
    author {
      login
    }
    body
    bodyHTML
    createdAt
    url
  }
`;
