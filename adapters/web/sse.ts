/**
 * Server-sent events for a web chat: first what the browser missed (after Last-Event-ID),
 * then every new message or deletion as it happens, with a comment every 20 s to keep
 * proxies from closing the stream.
 */
import type { Request, Response } from 'express';
import type { WebChatEvent, WebChats } from './web-chat';

/** Open event streams of this process, ended at shutdown (issue 16) so the server can close at once. */
const openStreams = new Set<Response>();

/**
 * Ends every open event stream (graceful shutdown): browsers reconnect by themselves (`retry:`),
 * behind a load balancer to another instance, and resume after their Last-Event-ID.
 */
export function endEventStreams(): number {
  const n = openStreams.size;
  for (const res of openStreams) res.end();
  openStreams.clear();
  return n;
}

/** Counts another event stream (the console's live queue) among those ended at shutdown. */
export function trackEventStream(res: Response): void {
  openStreams.add(res);
  res.on('close', () => openStreams.delete(res));
}

/** Streams a chat's events to one browser; `onClose` runs once when the browser goes away. */
export function sendEvents(req: Request, res: Response, webChats: WebChats, chatId: string, afterId: number, onClose: () => void = () => {}): void {
  openStreams.add(res);
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const queued: WebChatEvent[] = [];
  let replaying = true;
  let lastId = afterId;
  const write = (event: WebChatEvent) => {
    if (event.type === 'message') {
      if (event.message.id <= lastId) return;
      lastId = event.message.id;
      res.write(`id: ${event.message.id}\nevent: message\ndata: ${JSON.stringify(event.message)}\n\n`);
    } else {
      res.write(`event: delete\ndata: ${JSON.stringify({ id: event.id })}\n\n`);
    }
  };
  const unwatch = webChats.watch(chatId, (event) => (replaying ? queued.push(event) : write(event)));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
  keepAlive.unref();
  res.on('close', () => {
    openStreams.delete(res);
    clearInterval(keepAlive);
    unwatch();
    onClose();
  });
  void webChats.history(chatId, afterId).then((missed) => {
    for (const message of missed) write({ type: 'message', message });
    replaying = false;
    for (const event of queued.splice(0)) write(event);
  }, () => res.end());
}

/** Caps on open event streams: per client address and in all (each stream holds memory and a socket). */
export interface StreamCaps {
  /** Reserves a stream for `ip`: the release function, or why not ('ip': too many from this address; 'total': server full). */
  open(ip: string): (() => void) | 'ip' | 'total';
  readonly count: number;
}

export function createStreamCaps(limits: { perIp: number; total: number }): StreamCaps {
  const byIp = new Map<string, number>();
  let count = 0;
  return {
    get count() {
      return count;
    },
    open(ip) {
      if (count >= limits.total) return 'total';
      const mine = byIp.get(ip) ?? 0;
      if (mine >= limits.perIp) return 'ip';
      byIp.set(ip, mine + 1);
      count++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        count--;
        const left = (byIp.get(ip) ?? 1) - 1;
        if (left > 0) byIp.set(ip, left);
        else byIp.delete(ip);
      };
    },
  };
}
