/**
 * A short, loggable description of a failure: the root cause's first line and code. Query
 * errors carry the statement's parameters — household text — on later lines and in the
 * wrapper; only the database's own message is kept, so logs and dead letters hold no user text.
 */
export function errorSummary(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; cause?: { message?: unknown; code?: unknown } } | null;
  const root = e && typeof e === 'object' && e.cause && typeof e.cause === 'object' ? e.cause : e;
  const message = String(root && typeof root === 'object' ? root.message ?? root : root).split('\n')[0].slice(0, 200);
  const code = root && typeof root === 'object' && typeof root.code === 'string' ? `${root.code}: ` : '';
  return `${code}${message}`;
}
