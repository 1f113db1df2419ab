/**
 * Expected business outcomes are returned, not thrown (CONVENTIONS.md §5).
 * Each error carries a stable `code` that maps to a short chat reply (core/texts)
 * and, at the HTTP edge only, to a status code.
 */
export type ErrorCode =
  | 'REQUEST.NOT_FOUND'
  | 'REQUEST.BAD_STATE'
  | 'REQUEST.NOT_OWN'
  | 'PERMISSION.DENIED'
  | 'PERMISSION.OTHER_AREA'
  | 'COMMAND.MISSING_NUMBER'
  | 'COMMAND.MISSING_TEXT'
  | 'COMMAND.BAD_RATING'
  | 'COMMAND.BAD_NUMBER'
  | 'CHAT.NOT_BOUND'
  | 'AREA.NOT_FOUND'
  | 'ROUTE.TOP_LEVEL'
  | 'ROUTE.NOT_ESCALATABLE'
  | 'ROUTE.SAME_QUEUE'
  | 'ROUTE.NOT_DISPATCHED'
  | 'DEPARTMENT.NOT_FOUND'
  | 'COUNIT.NOT_MEMBER'
  | 'COUNIT.ALREADY_REPORTED'
  | 'PERSON.NOT_FOUND'
  | 'MERGE.SAME'
  | 'MERGE.TARGET_CLOSED'
  // issue 14: a unit of 派单 / 转办 not found; a request outside a neighbour's village (关注)
  | 'UNIT.NOT_FOUND'
  | 'REQUEST.NOT_NEIGHBOUR';

/** A business error: a stable code plus the values its message needs. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly params?: Record<string, string | number>;
}

/** The result of a use case or a core decision. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

/** Wraps a value as a successful result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Builds a failed result with the given code. */
export const fail = <T = never>(code: ErrorCode, params?: DomainError['params']): Result<T> => ({
  ok: false,
  error: params ? { code, params } : { code },
});
