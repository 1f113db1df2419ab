/**
 * The AI bot's long connection (WECOM_BOT_MODE=websocket) through @wecom/aibot-node-sdk:
 * no public callback URL needed — what a county behind an intranet uses. The SDK
 * authenticates, keeps the heartbeat and reconnects with backoff (1 s → 30 s, forever here).
 * Messages arrive in the same JSON as callback mode and are normalised the same way.
 */
import { WSClient, generateReqId, type WsFrame } from '@wecom/aibot-node-sdk';
import type { InboundMessage } from '../../core/model';
import type { Logger } from '../logger';
import { botToInbound, type BotMessage } from './wecom-inbound';
import type { WecomWsSend } from './wecom-sender';

export interface WecomWebsocketOptions {
  botId: string;
  secret: string;
  /** (default: the SDK's wss://openws.work.weixin.qq.com) */
  wsUrl?: string;
  handle: (msg: InboundMessage) => Promise<unknown>;
  log: Logger;
}

export interface WecomWebsocket extends WecomWsSend {
  start(): Promise<void>;
  stop(): void;
}

/** Creates the long-connection client; `start()` resolves once authenticated. */
export function createWecomWebsocket(options: WecomWebsocketOptions): WecomWebsocket {
  const client = new WSClient({
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
  const onFrame = (frame: WsFrame) => {
    const msg = botToInbound(frame.body as BotMessage, `ws:${frame.headers?.req_id ?? ''}`, Date.now());
    if (!msg) return;
    options.handle(msg).catch((e: unknown) => options.log.error('wecom ws: handling failed', { messageId: msg.messageId, error: String(e) }));
  };
  client.on('message', onFrame);
  client.on('event', onFrame);
  client.on('disconnected', (reason: string) => options.log.warn(`wecom ws: disconnected (${reason}); reconnecting`));
  client.on('error', (e: Error) => options.log.warn(`wecom ws: ${e.message}`));
  return {
    start: () => new Promise<void>((resolve) => {
      client.once('authenticated', () => {
        options.log.info('wecom: AI bot long connection authenticated');
        resolve();
      });
      client.connect();
    }),
    stop: () => client.disconnect(),
    async reply(reqId, markdown) {
      await client.replyStream({ headers: { req_id: reqId } }, generateReqId('stream'), markdown, true);
    },
    async send(chatId, markdown) {
      await client.sendMessage(chatId, { msgtype: 'markdown', markdown: { content: markdown } });
    },
  };
}
