// The batched query of find.ts: seven aliased issue searches (topics and the `changed` search only
// when used, through `@include`) and the query's cost.

export const FIND = /* GraphQL */ `
  query HelpFind(
    $helpWanted: String!
    $goodFirstIssue: String!
    $topic0: String!
    $topic1: String!
    $topic2: String!
    $useTopic0: Boolean!
    $useTopic1: Boolean!
    $useTopic2: Boolean!
    $reviewRequested: String!
    $unreviewed: String!
    $changed: String!
    $useChanged: Boolean!
  ) {
    helpWanted: search(type: ISSUE, query: $helpWanted, first: 20) {
      ...HelpHits
    }
    goodFirstIssue: search(type: ISSUE, query: $goodFirstIssue, first: 20) {
      ...HelpHits
    }
    topic0: search(type: ISSUE, query: $topic0, first: 20) @include(if: $useTopic0) {
      ...HelpHits
    }
    topic1: search(type: ISSUE, query: $topic1, first: 20) @include(if: $useTopic1) {
      ...HelpHits
    }
    topic2: search(type: ISSUE, query: $topic2, first: 20) @include(if: $useTopic2) {
      ...HelpHits
    }
    reviewRequested: search(type: ISSUE, query: $reviewRequested, first: 20) {
      ...HelpHits
    }
    unreviewed: search(type: ISSUE, query: $unreviewed, first: 20) {
      ...HelpHits
    }
    changed: search(type: ISSUE, query: $changed, first: 100) @include(if: $useChanged) {
      pageInfo {
        hasNextPage
      }
      nodes {
        ... on Issue {
          id
          updatedAt
        }
        ... on PullRequest {
          id
          updatedAt
        }
      }
    }
    rateLimit {
      cost
      remaining
    }
  }
  fragment HelpHits on SearchResultItemConnection {
    pageInfo {
      hasNextPage
    }
    nodes {
      ... on Issue {
        id
        number
        title
        url
        body
        updatedAt
        closed
        author {
          login
        }
        repository {
          nameWithOwner
        }
        labels(first: 20) {
          nodes {
            name
          }
        }
      }
      ... on PullRequest {
        id
        number
        title
        url
        body
        updatedAt
        closed
        author {
          login
        }
        repository {
          nameWithOwner
        }
        labels(first: 20) {
          nodes {
            name
          }
        }
      }
    }
  }
`;
