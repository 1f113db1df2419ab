/** winston logger: JSON in production, readable lines otherwise. */
import winston from 'winston';

export type Logger = winston.Logger;

/** Creates the process logger. */
export function createLogger(level: string, production: boolean): Logger {
  const format = production
    ? winston.format.combine(winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        winston.format.timestamp({ format: 'HH:mm:ss' }),
        winston.format.printf(({ timestamp, level: lvl, message, ...meta }) => {
          const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
          return `${timestamp} ${lvl} ${message}${rest}`;
        }),
      );
  return winston.createLogger({ level, format, transports: [new winston.transports.Console()] });
}
