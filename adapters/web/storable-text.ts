/** Web input made safe for PostgreSQL text and jsonb: lone UTF-16 surrogates become U+FFFD. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every lone surrogate replaced by U+FFFD (String#toWellFormed, without needing ES2024 types). */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** True when PostgreSQL cannot store `text` at all (a NUL character): such input is answered 400. */
export const hasNul = (text: string): boolean => text.includes('\u0000');
