/** What every console page module is built with (console.routes.ts wires it). */
import type { Request, Response } from 'express';
import type { BotDeps } from '../../../bots/deps';
import type { WebChats } from '../web-chat';
import type { StreamCaps } from '../sse';
import type { Act } from './act';
import type { ConsoleFeed } from './live';
import type { Raw } from './html';
import type { ConsoleUser } from './session';

export interface ConsoleContext {
  deps: BotDeps;
  webChats: WebChats;
  act: Act;
  feed: ConsoleFeed;
  streams: StreamCaps;
  /** Sends a whole page in the console frame. */
  send(res: Response, title: string, body: Raw, status?: number, scripts?: string[]): void;
  /** minhu's answers after `?since=`, as a status box (empty without). */
  flash(req: Request, user: ConsoleUser): Promise<Raw>;
  /** `to` with `?since=` (or `&since=`) so the next page shows the answers. */
  withAnswers(to: string, since: number | null): string;
}

/** The signed-in person of a console request. */
export const userOf = (res: Response): ConsoleUser => res.locals.user as ConsoleUser;

/** A query parameter as one short string ('' when absent or repeated). */
export function param(req: Request, name: string, max = 200): string {
  const v = req.query[name];
  return typeof v === 'string' && v.length <= max && !/[\u0000-\u001f]/.test(v) ? v.trim() : '';
}
