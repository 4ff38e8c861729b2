// The words of the two-workbench suite's exchange, shared by both sides' files.

export const ADA_QUESTION = "I'm stuck on expiry: should an expired entry be deleted when it is read, or left for a sweep?";
/** The line grace's suggestion adds; ada's file has it once she applied it. */
export const SUGGESTED_COMMENT = '// expired: forget it now, nobody may read it again';
export const GRACE_SUGGESTION = [
  'Delete it on read, so a stale value never escapes:',
  '',
  '```suggestion',
  '    if (entry.expires <= this.now()) {',
  `      this.entries.delete(key); ${SUGGESTED_COMMENT}`,
  '      return undefined;',
  '    }',
  '```',
].join('\n');
export const GRACE_QUESTION = "I'm stuck on key remapping: why does the `as` clause drop keys that yield never?";
