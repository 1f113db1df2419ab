/**
 * The process entry: config → database → org → channels → HTTP → outbox sender.
 * `npm start` runs this; with no configuration it runs on PGlite with the demo county.
 */
import type { Server } from 'node:http';
import { lt } from 'drizzle-orm';
import { ConfigError, loadConfig, playgroundEnabled, type Config } from '../adapters/config';
import { openDatabase } from '../adapters/db/client';
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
import { createBotDeps } from './deps';
import { handleInbound } from './inbound';
import type { ChannelSender } from './ports';
import { createSender } from './sender';
import { startScheduler } from './watch/scheduler';

async function main(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  log.info(`database: ${database.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}` : 'PostgreSQL'} (migrations applied)`);
  const orgFile = config.ORG_FILE ?? DEMO_ORG_FILE;
  const org = readOrgFile(orgFile);
  const summary = await importOrg(database.db, org);
  log.info(`org: ${config.ORG_FILE ? orgFile : 'demo county (set ORG_FILE for yours)'} — ${formatSummary(summary).join('; ')}`);

  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const deps = createBotDeps({
    ...storesFor(database.db), renderChart: renderReportChart, classify: createUnderstanding(org.areas), org,
    timeZone: config.APP_TIMEZONE, locale: config.APP_LOCALE, dialogTtlMs: config.DIALOG_TTL_MINUTES * 60_000, consoleUrl: publicUrl,
    secondOpinion: secondOpinionOf(config, log), // issue 15
  });
  const handle = (msg: Parameters<typeof handleInbound>[1]) => handleInbound(deps, msg);

  // The web channel: the playground's chats and the console's actions; always able to send.
  const webChats = createWebChats(database.db);
  const senders: ChannelSender[] = [webChats.sender];
  let telegram: TelegramChannel | null = null;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramChannel({
      token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, mode: config.TELEGRAM_MODE,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET, handle, log,
    });
    senders.push(telegram.sender);
  } else {
    log.info('telegram: not configured — set TELEGRAM_BOT_TOKEN (see README "Connect Telegram")');
  }
  const wecom = createWecomChannel(config, org, handle, log);
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
  deps.onQueued = () => sender.poke();

  const sessions = createSessions(database.db, { adminToken: config.ADMIN_TOKEN, sessionHours: config.CONSOLE_SESSION_HOURS });
  const consoleRouter = createConsoleRouter({ db: database.db, webChats, deps, sessions, handle: async (m) => void (await handle(m)), secureCookie: publicUrl.startsWith('https:'), sessionHours: config.CONSOLE_SESSION_HOURS });
  const playground = playgroundEnabled(config) ? [createPlaygroundRouter({ db: database.db, webChats, handle: async (m) => void (await handle(m)) })] : [];
  const routers = [createReportsRouter(deps, config.ADMIN_TOKEN), createNoticesRouter(deps, config.ADMIN_TOKEN), ...(wecom?.router ? [wecom.router] : []), consoleRouter, ...playground];
  const app = createHttpApp({ ping: database.ping, telegramWebhook: telegram?.webhook ?? null, routers, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  deps.consoleUrl = config.PUBLIC_URL ?? `http://localhost:${port}`;
  log.info(`http: listening on port ${port} (GET /healthz)`);
  log.info(playground.length ? `playground: open http://localhost:${port}/playground` : 'playground: off (NODE_ENV=production; set PLAYGROUND=on to serve it)');
  log.info(`console: ${deps.consoleUrl}/console (sign in with a one-time link from the 工作台 command, or ADMIN_TOKEN)`);

  sender.start();
  const scheduler = startScheduler(deps, { slaTick: config.SCHEDULE_SLA_TICK, daily: config.SCHEDULE_DAILY, weekly: config.SCHEDULE_WEEKLY, monthly: config.SCHEDULE_MONTHLY }, (level, message, meta) => log[level](message, meta));
  log.info(`schedules (${config.APP_TIMEZONE}): SLA tick "${config.SCHEDULE_SLA_TICK}", daily "${config.SCHEDULE_DAILY}", weekly "${config.SCHEDULE_WEEKLY}", monthly "${config.SCHEDULE_MONTHLY}"`);
  if (telegram) await telegram.start();
  if (wecom) await wecom.start();
  const sweep = setInterval(() => {
    database.db.delete(dialogSessions).where(lt(dialogSessions.expiresAt, new Date())).catch(() => undefined);
  }, 5 * 60_000);

  let stopping = false;
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
main(config, log).catch((e: unknown) => {
  log.error(`minhu failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
