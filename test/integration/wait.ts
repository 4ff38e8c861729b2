// Polls until a probe answers something other than undefined: the workbench, the sandbox and sync
// all settle asynchronously.
export function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return (async () => {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
}
