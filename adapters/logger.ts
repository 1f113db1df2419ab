/** winston logger: JSON in production, readable lines otherwise. */
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

/** Creates the process logger (`transport` for tests; default: the console). */
export function createLogger(level: string, production: boolean, transport?: Transport): Logger {
  const format = production
    ? winston.format.combine(redact(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        redact(),
        winston.format.timestamp({ format: 'HH:mm:ss' }),
        winston.format.printf(({ timestamp, level: lvl, message, ...meta }) => {
          const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
          return `${timestamp} ${lvl} ${message}${rest}`;
        }),
      );
  return winston.createLogger({ level, format, transports: [transport ?? new winston.transports.Console()] });
}
