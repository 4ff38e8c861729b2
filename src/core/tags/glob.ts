// Small glob matching for exclude lists (`**/vendor/**`, `*.min.js`, `{build,out}`), as in VS Code's
// `files.exclude`: a pattern without a slash matches a file or folder name at any depth.

export type PathMatcher = (relativePath: string) => boolean;

/** A matcher for workspace-relative paths with forward slashes; true when any pattern matches. */
export function globMatcher(patterns: readonly string[]): PathMatcher {
  const compiled = patterns.map((p) => p.trim().replace(/^\.\//, '').replace(/\/+$/, '')).filter(Boolean).map((p) => ({
    byName: !p.includes('/'),
    re: new RegExp(`^${globSource(p)}$`),
  }));
  if (compiled.length === 0) return () => false;
  return (relativePath) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return compiled.some(({ byName, re }) => re.test(byName ? name : relativePath));
  };
}

function globSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i);
    if (ch === '*') {
      if (glob.charAt(i + 1) === '*') {
        // `**/` matches any folders (or none); a trailing `**` matches everything below.
        const slash = glob.charAt(i + 2) === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += ch.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return out + ')'.repeat(braces);
}
