/**
 * The AI bot's long connection (WECOM_BOT_MODE=websocket) through @wecom/aibot-node-sdk:
 * no public callback URL needed — what a county behind an intranet uses. The SDK
 * authenticates, keeps the heartbeat and reconnects with backoff (1 s → 30 s, forever here).
 * Messages arrive in the same JSON as callback mode and are validated and normalised the same
 * way, then stored in the inbox (retried with backoff while the database is away), so a
 * handling failure never drops a message: it is retried from the inbox.
 */
import { WSClient, generateReqId, type WsFrame } from '@wecom/aibot-node-sdk';
import { errorSummary } from '../../core/error-summary';
import type { InboundMessage } from '../../core/model';
import type { Logger } from '../logger';
import { botToInbound, parseBotMessage } from './wecom-inbound';
import type { WecomWsSend } from './wecom-sender';

export interface WecomWebsocketOptions {
  botId: string;
  secret: string;
  /** (default: the SDK's wss://openws.work.weixin.qq.com) */
  wsUrl?: string;
  /** Stores the message (the inbox); resolves once it is committed. */
  handle: (msg: InboundMessage) => Promise<unknown>;
  /** Parks a payload that cannot be handled (dead letters). */
  park: (channel: 'wecom', reason: string, payload: unknown) => Promise<void>;
  log: Logger;
  /** How long to keep trying to store one message while the database is away. (default: 600_000) */
  storeForMs?: number;
}

export interface WecomWebsocket extends WecomWsSend {
  /** Connects (a fresh connection each time); resolves once authenticated. */
  start(): Promise<void>;
  /** Issue 16: closes the connection (another instance holds the lease now); `start()` opens it again. */
  disconnect(): void;
  stop(): void;
}

/** Creates the long-connection client; `start()` resolves once authenticated. */
export function createWecomWebsocket(options: WecomWebsocketOptions): WecomWebsocket {
  let client: WSClient | null = null;
  let stopped = false;
  /** The frame is in memory only: keep trying to store it (1 s, 2 s, 4 s … 30 s) for `storeForMs`. */
  const persist = async (what: string, attempt: () => Promise<unknown>) => {
    const until = Date.now() + (options.storeForMs ?? 600_000);
    for (let i = 0; ; i++) {
      try {
        await attempt();
        return;
      } catch (e) {
        // The long connection never sends a frame twice: what is given up here is lost, so say which.
        if (stopped) break;
        if (Date.now() > until) return options.log.error(`wecom ws: could not store ${what}; giving up, it is lost (the long connection never resends)`, { error: errorSummary(e) });
        options.log.warn(`wecom ws: could not store ${what}; retrying`, { error: errorSummary(e) });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** i)));
      }
    }
    options.log.error(`wecom ws: stopping before ${what} was stored; it is lost (the long connection never resends)`);
  };
  const onFrame = (frame: WsFrame) => {
    const read = parseBotMessage(frame.body);
    if (!read.ok) return void persist('a dead letter', () => options.park('wecom', `ws: ${read.reason}`, frame.body));
    const msg = botToInbound(read.value, `ws:${frame.headers?.req_id ?? ''}`, Date.now());
    if (msg) void persist(`message ${msg.messageId}`, () => options.handle(msg));
  };
  const connected = (): WSClient => {
    if (!client) throw new Error('the AI bot long connection is held by another instance (issue 16: the WeCom lease)');
    return client;
  };
  const disconnect = () => {
    const c = client;
    client = null;
    c?.removeAllListeners();
    c?.disconnect();
  };
  return {
    start: () => new Promise<void>((resolve) => {
      stopped = false;
      disconnect();
      const c = new WSClient({
        botId: options.botId,
        secret: options.secret,
        wsUrl: options.wsUrl,
        maxReconnectAttempts: -1,
        logger: {
          debug: () => undefined,
          info: (m: string) => options.log.debug(`wecom ws: ${m}`),
          warn: (m: string) => options.log.warn(`wecom ws: ${m}`),
          error: (m: string) => options.log.error(`wecom ws: ${m}`),
        },
      });
      c.on('message', onFrame);
      c.on('event', onFrame);
      c.on('disconnected', (reason: string) => options.log.warn(`wecom ws: disconnected (${reason}); reconnecting`));
      c.on('error', (e: Error) => options.log.warn(`wecom ws: ${e.message}`));
      c.once('authenticated', () => {
        options.log.info('wecom: AI bot long connection authenticated');
        resolve();
      });
      client = c;
      c.connect();
    }),
    disconnect,
    stop: () => {
      stopped = true;
      disconnect();
    },
    async reply(reqId, markdown) {
      await connected().replyStream({ headers: { req_id: reqId } }, generateReqId('stream'), markdown, true);
    },
    async send(chatId, markdown) {
      await connected().sendMessage(chatId, { msgtype: 'markdown', markdown: { content: markdown } });
    },
  };
}
