/**
 * The process entry: config → database → org → channels → HTTP → outbox sender.
 * `npm start` runs this; with no configuration it runs on PGlite with the demo county.
 */
import type { Server } from 'node:http';
import { lt } from 'drizzle-orm';
import { ConfigError, loadConfig, playgroundMode, type Config } from '../adapters/config';
import { hostOf, openDatabase } from '../adapters/db/client';
import { createDeadLetters, createInbox } from '../adapters/db/inbox.repository';
import { createDeadLettersRouter } from '../adapters/http/dead-letters.routes';
import { dataDirProblem } from '../adapters/db/data-dir';
import { createIntakeGuardStore } from '../adapters/db/intake-guard.repository';
import { createSignInThrottle, throttleRouter } from '../adapters/http/throttle';
import { createStreamCaps } from '../adapters/web/sse';
import { createOutbox } from '../adapters/db/outbox.repository';
import { dialogSessions } from '../adapters/db/schema';
import { storesFor } from '../adapters/db/stores';
import { renderReportChart } from '../adapters/charts/report-chart';
import { createUnderstanding } from '../adapters/classifier/classifier';
import { secondOpinionOf } from '../adapters/classifier/llm-classifier';
import { createHttpApp } from '../adapters/http/app';
import { createNoticesRouter } from '../adapters/http/notices.routes';
import { createReportsRouter } from '../adapters/http/reports.routes';
import { createLogger, type Logger } from '../adapters/logger';
import { DEMO_ORG_FILE, formatSummary, importOrg, readOrgFile } from '../adapters/org/org-import';
import { createTelegramChannel, type TelegramChannel } from '../adapters/telegram/telegram.adapter';
import { createWecomChannel } from '../adapters/wecom/wecom.channel';
import { createWebChats } from '../adapters/web/web-chat';
import { createPlaygroundRouter } from '../adapters/web/playground.routes';
import { createConsoleRouter } from '../adapters/web/console/console.routes';
import { createSessions } from '../adapters/web/console/session';
import { createConsoleFeed } from '../adapters/web/console/live';
import { createBotDeps } from './deps';
import { createBlobStore, deleteUnattachedBlobs } from '../adapters/db/blob.repository';
import { createMediaIntake } from '../adapters/blobs/media-intake';
import { handleInbound } from './inbound/handle-inbound';
import type { ChannelSender } from './ports';
import { createSender } from './outbox/sender';
import { createInboxRunner } from './inbox/inbox';
import { createChannelStates, startChannel } from './channels/start-channel';
import { startScheduler } from './watch/scheduler';

async function main(config: Config, log: Logger): Promise<void> {
  // Operator messages (issue 11): name the folder and the permission, before PGlite says "CREATE SCHEMA".
  const dirProblem = config.DATABASE_URL ? null : dataDirProblem(config.DATA_DIR);
  if (dirProblem) {
    log.error(dirProblem);
    process.exit(1);
  }
  if (config.DATABASE_URL) log.info(`database: connecting to PostgreSQL at ${hostOf(config.DATABASE_URL)} (timeout ${config.DB_CONNECT_TIMEOUT_MS} ms)`);
  const database = await openDatabase({
    url: config.DATABASE_URL, dataDir: config.DATA_DIR, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, onError: (e) => log.warn(`database: connection error (${e.message}); the pool reconnects`),
  });
  log.info(`database: ${database.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}` : 'PostgreSQL'} (migrations applied)`);
  const orgFile = config.ORG_FILE ?? DEMO_ORG_FILE;
  const org = readOrgFile(orgFile);
  const summary = await importOrg(database.db, org);
  log.info(`org: ${config.ORG_FILE ? orgFile : 'demo county (set ORG_FILE for yours)'} — ${formatSummary(summary).join('; ')}`);

  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  // issue 13: photos and voice are downloaded by the channels at once and kept in the database.
  const blobs = createBlobStore(database.db, { maxBytes: config.BLOB_MAX_BYTES });
  const media = createMediaIntake(blobs, { maxBytes: config.BLOB_MAX_BYTES, timeoutMs: config.MEDIA_DOWNLOAD_TIMEOUT_MS, log });
  const deps = createBotDeps({
    ...storesFor(database.db), renderChart: renderReportChart, classify: createUnderstanding(org.areas), org,
    blobs, media: { maxBytes: config.BLOB_MAX_BYTES, maxPerRequest: config.BLOB_MAX_PER_REQUEST },
    timeZone: config.APP_TIMEZONE, locale: config.APP_LOCALE, dialogTtlMs: config.DIALOG_TTL_MINUTES * 60_000, consoleUrl: publicUrl,
    flood: { // flood defence (issue 11)
      senderPerMinute: config.FLOOD_SENDER_PER_MINUTE, senderPerHour: config.FLOOD_SENDER_PER_HOUR, chatPerMinute: config.FLOOD_CHAT_PER_MINUTE,
      repeatMs: config.FLOOD_REPEAT_SECONDS * 1000, urgentPerHour: config.URGENT_ALERTS_PER_HOUR,
    },
    secondOpinion: secondOpinionOf(config, log), // issue 15
  });
  // The inbox's processor: media references (Telegram file ids, WeCom media ids, AI-bot URLs) are
  // downloaded here, after the raw message is stored, so a slow download never delays "received".
  const handle = async (msg: Parameters<typeof handleInbound>[1]) => handleInbound(deps, await media.resolve(msg));
  // Channels store what arrives in the inbox first (issue 11): `accept` resolves once committed.
  const inbox = createInboxRunner(createInbox(database.db), handle, {
    leaseMs: config.INBOX_LEASE_SECONDS * 1000, maxAttempts: config.INBOX_MAX_ATTEMPTS, log: (level, message, meta) => log[level](message, meta),
  });
  const deadLetters = createDeadLetters(database.db);
  const inbound = { handle: (m: Parameters<typeof handle>[0]) => inbox.accept(m), park: (c: string, reason: string, payload: unknown) => deadLetters.park(c, reason, payload) };
  const states = createChannelStates();

  // The web channel: the playground's chats and the console's actions; always able to send.
  const webChats = createWebChats(deps.store, blobs);
  const senders: ChannelSender[] = [webChats.sender];
  let telegram: TelegramChannel | null = null;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, mode: config.TELEGRAM_MODE,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET, ...inbound, log, blobs, media,
    });
    senders.push(telegram.sender);
  } else {
    log.info('telegram: not configured — set TELEGRAM_BOT_TOKEN (see README "Connect Telegram")');
  }
  const wecom = createWecomChannel(config, org, inbound, log, media);
  if (wecom) {
    senders.push(wecom.sender);
    for (const door of wecom.doors) log.info(`wecom: ${door}`);
  } else {
    log.info('wecom: not configured — set WECOM_BOT_TOKEN (AI bot), WECOM_BOT_MODE=websocket or WECOM_SECRET (app); see README "Connect WeCom"');
  }

  const sender = createSender(createOutbox(database.db), senders, {
    leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    limits: {
      telegram: { perSecond: config.TELEGRAM_RATE_PER_SECOND, perChatPerMinute: config.TELEGRAM_GROUP_PER_MINUTE, chatBurst: 5 },
      // Group robots pace themselves (20/min per robot) in the WeCom sender; this caps the API as a whole.
      wecom: { perSecond: config.WECOM_RATE_PER_SECOND, perChatPerMinute: 600, chatBurst: 20 },
    },
    log: (level, message, meta) => log[level](message, meta),
  });
  // issue 17: the console's live queue reads the newest change at once after this process commits, and polls for other instances'.
  const consoleFeed = createConsoleFeed(() => deps.store.transaction((tx) => tx.console.latestChange()));
  deps.onQueued = () => {
    sender.poke();
    consoleFeed.poke();
  };

  const sessions = createSessions(deps.store, { adminToken: config.ADMIN_TOKEN, sessionHours: config.CONSOLE_SESSION_HOURS });
  // Abuse limits (issue 11): failed sign-ins and admin-token guesses throttled; event streams capped.
  const signInThrottle = createSignInThrottle({ perIp: config.SIGNIN_FAILURES_PER_IP, total: config.SIGNIN_FAILURES_TOTAL, locale: config.APP_LOCALE });
  const streams = createStreamCaps({ perIp: config.SSE_MAX_PER_IP, total: config.SSE_MAX_TOTAL });
  const consoleRouter = createConsoleRouter({ streams, feed: consoleFeed, webChats, deps, sessions, handle: async (m) => void (await handle(m)), secureCookie: publicUrl.startsWith('https:'), sessionHours: config.CONSOLE_SESSION_HOURS, signInThrottle });
  const playgroundState = playgroundMode(config);
  const playground = playgroundState.on ? [createPlaygroundRouter({ store: deps.store, webChats, blobs, handle: async (m) => void (await handle(m)), streams })] : [];
  const routers = [throttleRouter(['/api/reports', '/api/notices', '/api/dead-letters'], signInThrottle), createReportsRouter(deps, config.ADMIN_TOKEN), createNoticesRouter(deps, config.ADMIN_TOKEN), createDeadLettersRouter(deadLetters, config.ADMIN_TOKEN), ...(wecom?.router ? [wecom.router] : []), consoleRouter, ...playground];
  const app = createHttpApp({ ping: database.ping, channels: states.snapshot, telegramWebhook: telegram?.webhook ?? null, routers, log });
  app.set('trust proxy', config.TRUST_PROXY);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  deps.consoleUrl = config.PUBLIC_URL ?? `http://localhost:${port}`;
  log.info(`http: listening on port ${port} (GET /healthz)`);
  log.info(playgroundState.on ? `playground: on (${playgroundState.reason}) — open http://localhost:${port}/playground; anyone who reaches it can act as any demo staff member` : `playground: off (${playgroundState.reason})`);
  log.info(`console: ${deps.consoleUrl}/console (sign in with a one-time link from the 工作台 command, or ADMIN_TOKEN)`);

  sender.start();
  inbox.start();
  const scheduler = startScheduler(deps, { slaTick: config.SCHEDULE_SLA_TICK, daily: config.SCHEDULE_DAILY, weekly: config.SCHEDULE_WEEKLY, monthly: config.SCHEDULE_MONTHLY }, (level, message, meta) => log[level](message, meta));
  log.info(`schedules (${config.APP_TIMEZONE}): SLA tick "${config.SCHEDULE_SLA_TICK}", daily "${config.SCHEDULE_DAILY}", weekly "${config.SCHEDULE_WEEKLY}", monthly "${config.SCHEDULE_MONTHLY}"`);
  // Each channel starts on its own: an unreachable Telegram API never holds up WeCom or HTTP.
  let stopping = false;
  const say = (level: 'info' | 'warn', message: string) => log[level](message);
  if (telegram) startChannel('telegram', telegram.start, states, { waitingFor: `getMe at ${config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org'}`, log: say, stopped: () => stopping });
  if (wecom) startChannel('wecom', wecom.start, states, { waitingFor: config.WECOM_BOT_MODE === 'websocket' ? 'the AI bot long connection to authenticate' : null, log: say, stopped: () => stopping });
  const sweep = setInterval(() => {
    database.db.delete(dialogSessions).where(lt(dialogSessions.expiresAt, new Date())).catch(() => undefined);
    deleteUnattachedBlobs(database.db, new Date(Date.now() - 24 * 3_600_000)).catch(() => undefined); // issue 13
    createIntakeGuardStore(database.db).prune(Date.now() - 2 * 3_600_000).catch(() => undefined); // flood counters (issue 11)
  }, 5 * 60_000);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${signal})`);
    clearInterval(sweep);
    scheduler.stop();
    await telegram?.stop().catch(() => undefined);
    wecom?.stop();
    await new Promise((r) => server.close(r));
    await sender.stop();
    await inbox.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, config.NODE_ENV === 'production');
// Last resort only: every known failure path handles its errors; if one slips through, log it and keep serving.
process.on('unhandledRejection', (e: unknown) => log.error('unhandled rejection (a bug: please report it)', { error: e instanceof Error ? e.stack : String(e) }));
main(config, log).catch((e: unknown) => {
  log.error(`minhu failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
