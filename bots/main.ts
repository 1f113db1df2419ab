/**
 * The process entry: config → database → org → channels → HTTP → outbox sender.
 * `npm start` runs this; with no configuration it runs on PGlite with the demo county.
 */
import { lt } from 'drizzle-orm';
import { ConfigError, loadConfig, loadEnvFile, playgroundMode, type Config } from '../adapters/config';
import { lockDataDir } from '../adapters/db/data-dir-lock';
import { closeServer, listen } from '../adapters/http/listen';
import { endEventStreams } from '../adapters/web/sse';
import { createShutdown, type ShutdownStep } from './process/shutdown';
import { createObservability } from '../adapters/metrics/observability';
import { outboxDepth } from '../adapters/db/outbox.repository';
import { withLogContext } from '../adapters/logger';
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
import { createPetitionsRouter } from '../adapters/http/petitions.routes';
import { renderPetitionPdf } from '../adapters/documents/petition-pdf';
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
import { createOpen311Store } from '../adapters/db/open311.repository';
import { createOpen311Router } from '../adapters/http/open311/open311.routes';
import { createOpen311Channel } from '../adapters/http/open311/open311-channel';
import { createWebhookSender } from '../adapters/webhooks/webhook-sender';
import { createWebhookDeliveries, createWebhookTargets } from '../adapters/db/webhooks.repository';
import { createApiV1Router } from '../adapters/http/api-v1/api-v1.routes';
import { exportRoutes } from '../adapters/http/api-v1/exports.routes';
import { createApiStore } from '../adapters/db/api.repository';
import { createExportSource } from '../adapters/db/exports.repository';
import { createIntegrations } from '../adapters/db/integrations.repository';
import { createLeaseStore } from '../adapters/db/leases.repository';
import { createLease, instanceId, type Lease } from './process/lease';
import os from 'node:os';
import { randomBytes } from 'node:crypto';

async function main(config: Config, log: Logger, envFile: ReturnType<typeof loadEnvFile>): Promise<void> {
  if (envFile) log.info(`config: read ${envFile.file} (${envFile.set} variables; the environment's own values win)`);
  // Issue 16: steps of the graceful stop, added as each part starts (run in this order).
  const steps: ShutdownStep[] = [];
  const shutdown = createShutdown(() => steps, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, log: (level, message) => log[level](message) });
  shutdown.onSignals();
  // Operator messages (issue 11): name the folder and the permission, before PGlite says "CREATE SCHEMA".
  const dirProblem = config.DATABASE_URL ? null : dataDirProblem(config.DATA_DIR);
  if (dirProblem) {
    log.error(dirProblem);
    process.exit(1);
  }
  // Issue 16: one process per PGlite folder (a lock file; a dead process's lock is taken over).
  const lock = config.DATABASE_URL || config.DATA_DIR.startsWith('memory://') ? null : lockDataDir(config.DATA_DIR);
  if (lock && !lock.ok) {
    log.error(lock.problem);
    process.exit(1);
  }
  if (lock?.ok) steps.push({ name: 'lock', order: 100, run: () => lock.release() });
  if (lock?.ok && lock.stale) log.warn(`DATA_DIR: took over the lock of pid ${lock.stale.pid} (started ${lock.stale.startedAt}), which no longer runs`);
  // Issue 16: Prometheus metrics and the log line per inbound message.
  const observability = createObservability({ token: config.METRICS_TOKEN, port: config.METRICS_PORT, log });
  const observe = observability.observer;
  if (config.DATABASE_URL) log.info(`database: connecting to PostgreSQL at ${hostOf(config.DATABASE_URL)} (timeout ${config.DB_CONNECT_TIMEOUT_MS} ms)`);
  const database = await openDatabase({
    url: config.DATABASE_URL, dataDir: config.DATA_DIR, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, onError: (e) => log.warn(`database: connection error (${e.message}); the pool reconnects`),
    onQuery: observability.metrics.query,
  });
  observability.metrics.setSources({ outboxDepth: () => outboxDepth(database.db), pool: database.poolStats });
  steps.push({ name: 'database', order: 90, run: () => database.close() });
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
    ...storesFor(database.db), renderChart: renderReportChart, classify: timed(createUnderstanding(org.areas), observe.classified), org, observe,
    blobs, media: { maxBytes: config.BLOB_MAX_BYTES, maxPerRequest: config.BLOB_MAX_PER_REQUEST },
    timeZone: config.APP_TIMEZONE, locale: config.APP_LOCALE, dialogTtlMs: config.DIALOG_TTL_MINUTES * 60_000, consoleUrl: publicUrl,
    flood: { // flood defence (issue 11)
      senderPerMinute: config.FLOOD_SENDER_PER_MINUTE, senderPerHour: config.FLOOD_SENDER_PER_HOUR, chatPerMinute: config.FLOOD_CHAT_PER_MINUTE,
      repeatMs: config.FLOOD_REPEAT_SECONDS * 1000, urgentPerHour: config.URGENT_ALERTS_PER_HOUR,
    },
    secondOpinion: secondOpinionOf(config, log), // issue 15
    renderDocument: renderPetitionPdf, // issue 18: formal 信访 documents as PDF
  });
  // The inbox's processor: media references (Telegram file ids, WeCom media ids, AI-bot URLs) are
  // downloaded here, after the raw message is stored, so a slow download never delays "received".
  // Every line logged while a message is handled carries its ids (LOG_FORMAT=json: searchable end to end).
  const handle = (msg: Parameters<typeof handleInbound>[1]) => withLogContext({ channel: msg.channel, messageId: msg.messageId }, async () => handleInbound(deps, await media.resolve(msg)));
  // Channels store what arrives in the inbox first (issue 11): `accept` resolves once committed.
  const inbox = createInboxRunner(createInbox(database.db), handle, {
    leaseMs: config.INBOX_LEASE_SECONDS * 1000, maxAttempts: config.INBOX_MAX_ATTEMPTS, log: (level, message, meta) => log[level](message, meta),
  });
  const deadLetters = createDeadLetters(database.db);
  const inbound = { handle: (m: Parameters<typeof handle>[0]) => inbox.accept(m).then((outcome) => (observe.received(m.channel, outcome), outcome)), park: (c: string, reason: string, payload: unknown) => deadLetters.park(c, reason, payload) };
  const states = createChannelStates();

  // The web channel: the playground's chats and the console's actions; always able to send.
  const webChats = createWebChats(deps.store, blobs);
  // Issue 19: other systems hear by signed webhooks, delivered through the outbox like a channel.
  const webhooks = createWebhookSender({ target: createWebhookTargets(database.db), timeoutMs: config.WEBHOOK_TIMEOUT_MS, maxAttempts: config.WEBHOOK_MAX_ATTEMPTS });
  const senders: ChannelSender[] = [webChats.sender, createOpen311Channel(), webhooks];
  let telegram: TelegramChannel | null = null;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, mode: config.TELEGRAM_MODE,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET, ...inbound, log, blobs, media, pollOnStart: false,
    });
    senders.push(telegram.sender);
  } else {
    log.info('telegram: not configured — set TELEGRAM_BOT_TOKEN (see README "Connect Telegram")');
  }
  // issue 12: 微信客服 keeps its cursor and windows in the store; each pulled page is processed by the inbox at once.
  const wecom = createWecomChannel(config, org, { ...inbound, store: deps.store, drainInbox: () => inbox.drain(), poke: () => deps.onQueued?.() }, log, media, false);
  if (wecom) {
    senders.push(wecom.sender);
    for (const door of wecom.doors) log.info(`wecom: ${door}`);
  } else {
    log.info('wecom: not configured — set WECOM_BOT_TOKEN (AI bot), WECOM_BOT_MODE=websocket or WECOM_SECRET (app); see README "Connect WeCom"');
  }

  // Issue 16: one instance of the fleet sends each rate-limited channel and holds its polling or long
  // connection: the holder of the channel's lease. Webhook and callback doors work on every instance.
  const holder = instanceId(os.hostname(), process.pid, randomBytes(4).toString('hex'));
  const leaseStore = createLeaseStore(database.db);
  const channelLeases = new Map<string, Lease>();
  const leaseOf = (channel: 'telegram' | 'wecom', onChange: (held: boolean) => unknown) => {
    const lease = createLease(leaseStore, `channel:${channel}`, {
      holder, ttlMs: config.CHANNEL_LEASE_SECONDS * 1000, observe: (name, held) => observe.lease(name, held), log: (level, message) => log[level](message),
      onGain: () => { sender.poke(); return onChange(true); }, onLose: () => onChange(false),
    });
    channelLeases.set(channel, lease);
    return lease;
  };
  const sender = createSender(createOutbox(database.db), senders, {
    observe,
    sends: (channel) => channelLeases.get(channel)?.held ?? true,
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
  const consoleRouter = createConsoleRouter({ channels: senders.map((s) => s.channel), streams, feed: consoleFeed, webChats, deps, sessions, handle: async (m) => void (await handle(m)), secureCookie: publicUrl.startsWith('https:'), sessionHours: config.CONSOLE_SESSION_HOURS, signInThrottle });
  const playgroundState = playgroundMode(config);
  const playground = playgroundState.on ? [createPlaygroundRouter({ store: deps.store, webChats, blobs, handle: async (m) => void (await handle(m)), streams })] : [];
  const routers = [observability.router, throttleRouter(['/api/reports', '/api/notices', '/api/dead-letters', '/api/petition-reports'], signInThrottle), createReportsRouter(deps, config.ADMIN_TOKEN), createPetitionsRouter(deps, config.ADMIN_TOKEN), createNoticesRouter(deps, config.ADMIN_TOKEN), createDeadLettersRouter(deadLetters, config.ADMIN_TOKEN), ...(wecom?.router ? [wecom.router] : []), consoleRouter, ...playground];
  // Issue 19: other systems — Open311 GeoReport v2.
  routers.push(createOpen311Router({
    store: createOpen311Store(database.db), deps, accept: inbound.handle, blobs, jurisdictionId: config.OPEN311_JURISDICTION_ID,
    maxBodyBytes: config.OPEN311_MAX_BODY_KB * 1024, waitMs: config.OPEN311_WAIT_MS,
    mediaHosts: config.OPEN311_MEDIA_HOSTS?.split(',') ?? [], mediaTimeoutMs: config.MEDIA_DOWNLOAD_TIMEOUT_MS, postsPerKeyPerMinute: config.OPEN311_POSTS_PER_MINUTE,
  }));
  // /api/v1 for staff systems (with exports), described at /api/v1/openapi.json.
  routers.push(createApiV1Router({
    deps, store: createApiStore(database.db), keys: createOpen311Store(database.db), integrations: createIntegrations(database.db),
    deliveries: createWebhookDeliveries(database.db), adminToken: config.ADMIN_TOKEN, badTokensPerIp: config.SIGNIN_FAILURES_PER_IP,
    extraRoutes: exportRoutes(deps, createExportSource(database.db)),
  }).router);
  const app = createHttpApp({ ping: database.ping, channels: states.snapshot, telegramWebhook: telegram?.webhook ?? null, routers, log });
  app.set('trust proxy', config.TRUST_PROXY);
  const server = await listen(app, config.PORT, 'PORT');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  deps.consoleUrl = config.PUBLIC_URL ?? `http://localhost:${port}`;
  log.info(`http: listening on port ${port} (GET /healthz)`);
  const metricsPort = await observability.start();
  steps.push({ name: 'metrics', order: 15, run: () => observability.stop() });
  log.info(metricsPort !== null ? `metrics: GET /metrics on port ${metricsPort}${config.METRICS_TOKEN ? ' (Bearer METRICS_TOKEN)' : ' (no token: keep this port private)'}`
    : config.METRICS_TOKEN ? `metrics: GET /metrics on port ${port} with Authorization: Bearer <METRICS_TOKEN>` : 'metrics: off (set METRICS_TOKEN or METRICS_PORT)');
  log.info(playgroundState.on ? `playground: on (${playgroundState.reason}) — open http://localhost:${port}/playground; anyone who reaches it can act as any demo staff member` : `playground: off (${playgroundState.reason})`);
  log.info(`console: ${deps.consoleUrl}/console (sign in with a one-time link from the 工作台 command, or ADMIN_TOKEN)`);

  sender.start();
  inbox.start();
  if (telegram) leaseOf('telegram', (held) => telegram!.setPolling(held)).start();
  if (wecom) leaseOf('wecom', (held) => wecom.holdConnection?.(held)).start();
  log.info(`leases: instance ${holder}${channelLeases.size ? ` takes ${[...channelLeases.keys()].join(', ')} when free (CHANNEL_LEASE_SECONDS=${config.CHANNEL_LEASE_SECONDS})` : ''}`);
  const scheduler = startScheduler(deps, { slaTick: config.SCHEDULE_SLA_TICK, daily: config.SCHEDULE_DAILY, weekly: config.SCHEDULE_WEEKLY, monthly: config.SCHEDULE_MONTHLY }, (level, message, meta) => log[level](message, meta));
  log.info(`schedules (${config.APP_TIMEZONE}): SLA tick "${config.SCHEDULE_SLA_TICK}", daily "${config.SCHEDULE_DAILY}", weekly "${config.SCHEDULE_WEEKLY}", monthly "${config.SCHEDULE_MONTHLY}"`);
  // Each channel starts on its own: an unreachable Telegram API never holds up WeCom or HTTP.
  const stopped = () => shutdown.stopping;
  const say = (level: 'info' | 'warn', message: string) => log[level](message);
  if (telegram) startChannel('telegram', telegram.start, states, { waitingFor: `getMe at ${config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org'}`, log: say, stopped });
  if (wecom) startChannel('wecom', wecom.start, states, { waitingFor: null, log: say, stopped });
  const sweep = setInterval(() => {
    database.db.delete(dialogSessions).where(lt(dialogSessions.expiresAt, new Date())).catch(() => undefined);
    deleteUnattachedBlobs(database.db, new Date(Date.now() - 24 * 3_600_000)).catch(() => undefined); // issue 13
    createIntakeGuardStore(database.db).prune(Date.now() - 2 * 3_600_000).catch(() => undefined); // flood counters (issue 11)
  }, 5 * 60_000);

  // The stop (issue 16): no new work in, what is in flight finishes, then the database closes.
  steps.push(
    { name: 'http', order: 10, run: () => Promise.all([closeServer(server, Math.min(5_000, config.SHUTDOWN_TIMEOUT_MS / 2)), endEventStreams()]) },
    { name: 'channels', order: 20, run: async () => { await telegram?.stop(); wecom?.stop(); } },
    { name: 'schedules', order: 30, run: () => { clearInterval(sweep); scheduler.stop(); } },
    { name: 'inbox', order: 40, run: () => inbox.stop() },
    { name: 'outbox', order: 50, run: () => sender.stop() },
    // Released at once, so another instance takes the channels over without waiting for the lapse.
    { name: 'leases', order: 60, run: () => Promise.all([...channelLeases.values()].map((l) => l.stop())) },
  );
}

let config: Config;
let envFile: ReturnType<typeof loadEnvFile> = null;
try {
  envFile = loadEnvFile();
  config = loadConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, (config.LOG_FORMAT ?? (config.NODE_ENV === 'production' ? 'json' : 'text')) === 'json');

/** Times each call of `fn` (the classifier) for metrics. */
function timed<A extends unknown[], R>(fn: (...args: A) => R, record: (seconds: number) => void): (...args: A) => R {
  return (...args) => {
    const started = performance.now();
    try {
      return fn(...args);
    } finally {
      record((performance.now() - started) / 1000);
    }
  };
}
// Last resort only: every known failure path handles its errors; if one slips through, log it and keep serving.
process.on('unhandledRejection', (e: unknown) => log.error('unhandled rejection (a bug: please report it)', { error: e instanceof Error ? e.stack : String(e) }));
main(config, log, envFile).catch((e: unknown) => {
  log.error(`minhu failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
