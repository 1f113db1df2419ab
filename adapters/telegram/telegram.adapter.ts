/**
 * The Telegram channel: grammY long polling (default) or webhook. Each update is validated,
 * normalised and stored in the inbox before Telegram hears "received": in webhook mode the
 * answer is 200 only once the row is committed (503 otherwise, and Telegram redelivers); in
 * polling mode the next getUpdates (which confirms the offset) waits until the update is stored.
 * Signed but malformed updates are parked as dead letters. Button presses are acknowledged at once.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { errorSummary } from '../../core/error-summary';
import type { InboundMessage } from '../../core/model';
import type { ChannelSender } from '../../bots/ports';
import { withDeadline } from '../channels/deadline';
import type { Logger } from '../logger';
import { parseUpdate, toInbound } from './telegram-inbound';
import { createTelegramSender } from './telegram-sender';
import { MediaDownloadError } from '../blobs/download';
import type { MediaIntake } from '../blobs/media-intake';
import type { BlobStore } from '../../bots/ports/blobs';

export interface TelegramOptions {
  token: string;
  /** Bot API root without a trailing slash. (default: https://api.telegram.org) */
  apiRoot?: string;
  mode: 'polling' | 'webhook';
  webhookSecret?: string;
  /** Stores an inbound message (the inbox); resolves once it is committed. */
  handle: (msg: InboundMessage) => Promise<unknown>;
  /** Parks an update that cannot be handled (dead letters). */
  park: (channel: 'telegram', reason: string, payload: unknown) => Promise<void>;
  log: Logger;
  /** Webhook: storing must finish within this, or Telegram hears 503. (default: 4_500) */
  replyWithinMs?: number;
  /** getMe must answer within this, or `start()` fails (and is tried again). (default: 15_000) */
  connectTimeoutMs?: number;
  /** issue 13: downloads photos, voice and image documents before `handle` (absent: they stay `tg:` references). */
  media?: MediaIntake;
  /** issue 13: where the photos `查看` sends are read from. */
  blobs?: BlobStore;
  /**
   * Issue 16: poll as soon as connected. Off when several instances share the bot: polling is
   * then switched by `setPolling` as this instance gains and loses the Telegram lease. (default: true)
   */
  pollOnStart?: boolean;
}

export interface TelegramChannel {
  sender: ChannelSender;
  /** Express handler for POST /telegram/webhook (webhook mode only). */
  webhook: RequestHandler | null;
  /** One attempt to connect (getMe) and, in polling mode, to start polling; rejects on failure. */
  start(): Promise<void>;
  /** Issue 16 (polling mode): polls while `on` — one instance of the fleet at a time holds getUpdates. */
  setPolling(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Creates the Telegram channel. Nothing is contacted until `start()`. */
export function createTelegramChannel(options: TelegramOptions): TelegramChannel {
  const bot = new Bot(options.token, { client: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
  // issue 13: getFile, then the file endpoint. The inbox's processor resolves `tg:` references
  // right after the update is stored (the file link is valid for an hour), so "received" never
  // waits for a download.
  options.media?.register('tg', async (fileId) => {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path) throw new MediaDownloadError('failed', 'getFile gave no file_path');
    return options.media!.download(`${apiRoot}/file/bot${options.token}/${file.file_path}`);
  });
  const within = options.replyWithinMs ?? 4_500;
  let connected = false;
  let stopped = false;

  /** Validates, normalises and stores one update; throws when it could not be stored. */
  async function receive(update: unknown): Promise<void> {
    const read = parseUpdate(update);
    if (!read.ok) {
      options.log.warn('telegram: update parked as a dead letter', { reason: read.reason });
      return options.park('telegram', read.reason, update);
    }
    const msg = toInbound(read.value, bot.botInfo);
    if (msg) await options.handle(msg);
    const query = read.value.callback_query;
    if (query) bot.api.answerCallbackQuery(query.id).catch(() => undefined);
  }

  // Polling: keep trying until stored — grammY confirms the offset only with the next getUpdates.
  bot.use(async (ctx) => {
    for (let i = 0; !stopped; i++) {
      try {
        return await receive(ctx.update);
      } catch (e) {
        options.log.warn('telegram: update not stored yet; retrying', { updateId: ctx.update.update_id, error: errorSummary(e) });
        await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** i)));
      }
    }
  });
  bot.catch((err) => options.log.error('telegram update failed', { error: errorSummary(err.error) }));

  const webhook: RequestHandler = async (req, res) => {
    if (!secretMatches(req.header('x-telegram-bot-api-secret-token'), options.webhookSecret ?? '')) return void res.status(401).json({ error: 'wrong secret token' });
    if (!connected) return void res.status(503).json({ error: 'telegram is still connecting (getMe); Telegram will redeliver' });
    try {
      await withDeadline(receive(req.body as Update), within, 'storing the update');
      res.status(200).json({ ok: true });
    } catch (e) {
      options.log.error('telegram: update not stored; Telegram will redeliver', { updateId: (req.body as Update).update_id, error: errorSummary(e) });
      res.status(503).json({ error: 'not stored, please redeliver' });
    }
  };

  let polling: Promise<void> | null = null;
  let wantPolling = options.pollOnStart ?? true;
  // Switches run one after another: a new loop starts only once the old one has ended.
  let switching: Promise<void> = Promise.resolve();
  const applyPolling = () => {
    switching = switching.then(async () => {
      if (options.mode !== 'polling' || !connected) return;
      if (wantPolling && !stopped && !polling) {
        await bot.api.deleteWebhook().catch(() => undefined);
        const loop: Promise<void> = bot.start({ drop_pending_updates: false, allowed_updates: ['message', 'callback_query'] })
          .catch((e: unknown) => void options.log.error('telegram polling stopped', { error: errorSummary(e) }))
          .finally(() => {
            if (polling === loop) polling = null;
          });
        polling = loop;
      } else if ((!wantPolling || stopped) && polling) {
        const ending = polling;
        await bot.stop().catch(() => undefined);
        await ending;
      }
    });
    return switching;
  };
  return {
    sender: createTelegramSender(bot.api, options.blobs),
    webhook: options.mode === 'webhook' ? webhook : null,
    async start() {
      const ms = options.connectTimeoutMs ?? 15_000;
      // The signal ends the request itself, so a silent API leaves no call hanging behind.
      if (!bot.isInited()) {
        bot.botInfo = await withDeadline(bot.api.getMe(AbortSignal.timeout(ms) as Parameters<typeof bot.api.getMe>[0]), ms + 1_000, 'getMe')
          .catch((e: unknown) => { throw new Error(explainTelegramError(e, apiRoot)); });
      }
      connected = true;
      options.log.info(`telegram: connected as @${bot.botInfo.username} (${options.mode}${options.mode === 'polling' && !wantPolling ? ', polling while this instance holds the lease' : ''})`);
      await applyPolling();
    },
    setPolling(on) {
      wantPolling = on;
      if (options.mode === 'polling' && connected) options.log.info(on ? 'telegram: polling (this instance holds the lease)' : 'telegram: polling stopped (another instance holds the lease)');
      return applyPolling();
    },
    async stop() {
      stopped = true;
      await applyPolling();
    },
  };
}

/**
 * One line for the operator when getMe fails: a rejected token names TELEGRAM_BOT_TOKEN, an
 * unreachable API names TELEGRAM_API_ROOT (issue 16).
 */
export function explainTelegramError(e: unknown, apiRoot: string): string {
  const err = e as { error_code?: number; description?: string; message?: string; name?: string };
  if (err?.error_code === 401 || err?.error_code === 404) {
    return `TELEGRAM_BOT_TOKEN was rejected by the Bot API at ${apiRoot} (${err.error_code} ${err.description ?? ''}); copy the bot's token again from @BotFather (/mybots → API Token) into TELEGRAM_BOT_TOKEN`;
  }
  if (typeof err?.error_code === 'number') return `the Bot API at ${apiRoot} answered getMe with ${err.error_code} ${err.description ?? ''}`.trim();
  const why = err?.message ?? String(e);
  return `cannot reach the Bot API at ${apiRoot} (${why}); check this server's network or proxy to it, or set TELEGRAM_API_ROOT to a Bot API server it can reach`;
}

function secretMatches(given: string | undefined, secret: string): boolean {
  if (!given || !secret) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}
