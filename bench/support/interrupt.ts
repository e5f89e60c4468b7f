/**
 * What a benchmark must undo if it is interrupted (Ctrl-C) — its throw-away databases, servers and Redis keys — run by
 * one handler: newest first (a server stops before its database is dropped), then the process exits. A second Ctrl-C
 * exits at once.
 */
const cleanups = new Set<() => Promise<void>>();
let interrupted = false;

process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  void (async () => {
    for (const cleanup of [...cleanups].reverse())
      await cleanup().catch((error: unknown) => console.error('Cleaning up after the interrupt failed:', error));
    process.exit(130);
  })();
});

/**
 * `cleanup`, to be called where the work cleans up after itself; until then an interrupt runs it. It runs once: the
 * work's own path, which goes on after an interrupt until it fails, waits for the interrupt's run instead of repeating it.
 */
export function alsoOnInterrupt(cleanup: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  const once = () => (running ??= cleanup());
  cleanups.add(once);
  return () => {
    cleanups.delete(once);
    return once();
  };
}
