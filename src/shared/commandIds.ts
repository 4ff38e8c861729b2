// Every command id Mutual Mentor has, in one place. In src/shared because both sides name them: the extension
// registers and runs them, the language server puts them in CodeLens and code actions.
// package.json `contributes.commands` lists exactly CommandId (test/unit/tooling/commandIds.test.ts).

/** The commands the extension contributes and registers (src/extension/commands.ts). */
export const CommandId = {
  ShowReplies: 'mutualMentor.showReplies',
  ShowExchanges: 'mutualMentor.showExchanges',
  ShowLog: 'mutualMentor.showLog',
  PairWithPartner: 'mutualMentor.pairWithPartner',
  AcceptPair: 'mutualMentor.acceptPair',
  DeclinePair: 'mutualMentor.declinePair',
  ChangePairTopics: 'mutualMentor.changePairTopics',
  PausePair: 'mutualMentor.pausePair',
  ResumePair: 'mutualMentor.resumePair',
  EndPair: 'mutualMentor.endPair',
  SignIn: 'mutualMentor.signIn',
  SignInWithToken: 'mutualMentor.signInWithToken',
  SignOut: 'mutualMentor.signOut',
  AskAboutSelection: 'mutualMentor.askAboutSelection',
  TagPullRequest: 'mutualMentor.tagPullRequest',
  OpenAsk: 'mutualMentor.openAsk',
  Refresh: 'mutualMentor.refresh',
  ReplyInline: 'mutualMentor.replyInline',
  ResolveThread: 'mutualMentor.resolveThread',
  UnresolveThread: 'mutualMentor.unresolveThread',
  OpenThreadInPanel: 'mutualMentor.openThreadInPanel',
  GoToCode: 'mutualMentor.goToCode',
  OpenOnGitHub: 'mutualMentor.openOnGitHub',
  MarkRead: 'mutualMentor.markRead',
  MarkAllRead: 'mutualMentor.markAllRead',
  ApplySuggestion: 'mutualMentor.applySuggestion',
  MarkLearned: 'mutualMentor.markLearned',
  FilterExchanges: 'mutualMentor.filterExchanges',
  ClearExchangesFilter: 'mutualMentor.clearExchangesFilter',
  RevealAskAtCursor: 'mutualMentor.revealAskAtCursor',
  ShowOutbox: 'mutualMentor.showOutbox',
  ApplyPreviewedSuggestion: 'mutualMentor.applyPreviewedSuggestion',
  DiscardPreviewedSuggestion: 'mutualMentor.discardPreviewedSuggestion',
  ShowLedger: 'mutualMentor.showLedger',
  ExportLedger: 'mutualMentor.exportLedger',
  RestartLanguageServer: 'mutualMentor.restartLanguageServer',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/**
 * Commands that are intentionally not contributed: nobody runs them from a menu or the palette.
 * ServerSendTag is registered by the language server (workspace/executeCommand) for its "Send as ask" code action.
 */
export const InternalCommandId = {
  ServerSendTag: 'mutualMentor.server.sendTag',
} as const;
export type InternalCommandId = (typeof InternalCommandId)[keyof typeof InternalCommandId];
