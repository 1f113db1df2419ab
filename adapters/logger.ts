/**
 * winston logger: JSON lines (LOG_FORMAT=json, the default in production) or readable lines.
 * Issue 16: every line logged while an inbound message is handled carries its ids (channel,
 * messageId, and the requestId once known) from an AsyncLocalStorage context, so one
 * message's lines can be followed end to end in a log search.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import winston from 'winston';
import type Transport from 'winston-transport';

export type Logger = winston.Logger;

// --- Privacy of logs (issue 11): ids, never household text ---
/**
 * Drops the bound values from database errors (`Failed query: … params: 电话138…,…` from drizzle),
 * which carry what households wrote; the query, the error and the stack stay.
 */
export function withholdParams(text: string): string {
  return text.replace(/params: [\s\S]*?(?=\n\s+at |$)/g, 'params: (withheld)');
}

const redact = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (typeof value === 'string' && value.includes('params: ')) (info as Record<string, unknown>)[key] = withholdParams(value);
  }
  return info;
});

// --- Log context (issue 16): ids of the message being handled ---
const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` with `fields` added to every line it (and what it starts) logs. */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** Adds fields to the current context (e.g. the request id once it is registered); no-op outside one. */
export function addLogContext(fields: Record<string, unknown>): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

const withContext = winston.format((info) => {
  const store = context.getStore();
  if (store) for (const [k, v] of Object.entries(store)) if (!(k in info)) (info as Record<string, unknown>)[k] = v;
  return info;
});

/** Creates the process logger: JSON lines when `json` (`transport` for tests; default: the console). */
export function createLogger(level: string, json: boolean, transport?: Transport): Logger {
  const format = json
    ? winston.format.combine(withContext(), redact(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        withContext(),
        redact(),
        winston.format.timestamp({ format: 'HH:mm:ss' }),
        winston.format.printf(({ timestamp, level: lvl, message, ...meta }) => {
          const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
          return `${timestamp} ${lvl} ${message}${rest}`;
        }),
      );
  return winston.createLogger({ level, format, transports: [transport ?? new winston.transports.Console()] });
}
