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

/** SQLSTATEs of a database that is away or busy for now (not of a bad statement or bad data). */
const UNAVAILABLE_STATES = /^(08|57P0[1-3]|57014|53300|40001|40P01)/;
/** Node network codes of a connection that failed. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** What node-postgres, PGlite and our own deadlines say when the database is away (they carry no code). */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Cannot use a pool after calling end|PGlite is closed|took longer than \d+ ms/i;

/**
 * True when `error` (or one of its causes) says the database could not be reached or answered in
 * time — a 503 with Retry-After, not a bug (issue 11: fail loudly and recoverably).
 */
export function isUnavailable(error: unknown): boolean {
  let e = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || (e.code.length === 5 && UNAVAILABLE_STATES.test(e.code)))) return true;
    if (e.name === 'DeadlineError' || (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message.split('\n')[0]))) return true;
  }
  return false;
}
