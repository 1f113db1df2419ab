/**
 * The Telegram channel: grammY long polling (default) or webhook, each update normalised and
 * handed to minhu's single inbound entry. Button presses are acknowledged at once.
 */
import type { RequestHandler } from 'express';
import { Bot, webhookCallback } from 'grammy';
import type { InboundMessage } from '../../core/model';
import type { ChannelSender } from '../../bots/ports';
import type { Logger } from '../logger';
import { toInbound } from './telegram-inbound';
import { createTelegramSender } from './telegram-sender';
import { MediaDownloadError } from '../blobs/download';
import type { MediaIntake } from '../blobs/media-intake';
import type { BlobStore } from '../../bots/blob-ports';

export interface TelegramOptions {
  token: string;
  /** Bot API root without a trailing slash. (default: https://api.telegram.org) */
  apiRoot?: string;
  mode: 'polling' | 'webhook';
  webhookSecret?: string;
  handle: (msg: InboundMessage) => Promise<unknown>;
  log: Logger;
  /** issue 13: downloads photos, voice and image documents before `handle` (absent: they stay `tg:` references). */
  media?: MediaIntake;
  /** issue 13: where the photos `查看` sends are read from. */
  blobs?: BlobStore;
}

export interface TelegramChannel {
  sender: ChannelSender;
  /** Express handler for POST /telegram/webhook (webhook mode only). */
  webhook: RequestHandler | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates the Telegram channel. Nothing is contacted until `start()`. */
export function createTelegramChannel(options: TelegramOptions): TelegramChannel {
  const bot = new Bot(options.token, { client: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
  // issue 13: getFile, then the file endpoint; the link is valid for an hour, so it is fetched at once.
  options.media?.register('tg', async (fileId) => {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path) throw new MediaDownloadError('failed', 'getFile gave no file_path');
    return options.media!.download(`${apiRoot}/file/bot${options.token}/${file.file_path}`);
  });
  bot.use(async (ctx) => {
    const raw = toInbound(ctx.update, ctx.me);
    if (!raw) return;
    const msg = options.media ? await options.media.resolve(raw) : raw;
    await withRetry(() => options.handle(msg), options.mode === 'polling' ? 5 : 1);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  });
  bot.catch((err) => {
    options.log.error('telegram update failed', { error: String(err.error) });
  });
  const webhook = options.mode === 'webhook'
    ? webhookCallback(bot, 'express', { secretToken: options.webhookSecret, onTimeout: 'return', timeoutMilliseconds: 4_500 })
    : null;
  let polling: Promise<void> | null = null;
  return {
    sender: createTelegramSender(bot.api, options.blobs),
    webhook: webhook as RequestHandler | null,
    async start() {
      await bot.init();
      options.log.info(`telegram: connected as @${bot.botInfo.username} (${options.mode})`);
      if (options.mode === 'polling') {
        await bot.api.deleteWebhook().catch(() => undefined);
        polling = bot.start({ drop_pending_updates: false, allowed_updates: ['message', 'callback_query'] });
        polling.catch((e: unknown) => options.log.error('telegram polling stopped', { error: String(e) }));
      }
    },
    async stop() {
      if (polling) await bot.stop();
    },
  };
}

/**
 * In polling mode an update whose handling failed (say the database restarted) would be
 * confirmed with the next getUpdates and lost, so it is retried a few times first.
 * In webhook mode the error goes back to Telegram as a 5xx and Telegram redelivers.
 */
async function withRetry(fn: () => Promise<unknown>, attempts: number): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await fn();
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}
