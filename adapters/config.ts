/**
 * Configuration: the only module that reads process.env. Validated once at start with zod;
 * a bad or missing variable fails fast with its name.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { validate } from 'node-cron';
import { z } from 'zod';

const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));

const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey from the WeCom console');

/** A cron expression (5 or 6 fields, node-cron syntax), validated at start. */
const cronExpr = (fallback: string) => z.string().trim().default(fallback).refine((v) => validate(v), 'not a valid cron expression (e.g. "30 8 * * *")');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .refine((u) => URL.canParse(u), 'is not a valid URL: use postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode @ : / in the password)').optional()),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  APP_TIMEZONE: z.string().default('Asia/Shanghai').refine(isTimeZone, 'not a known IANA time zone (e.g. Asia/Shanghai)'),
  APP_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  ORG_FILE: optional,
  DIALOG_TTL_MINUTES: z.coerce.number().positive().default(30),
  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_API_ROOT: optional.pipe(z.string().url().refine((u) => !u.endsWith('/'), 'must not end with /').optional()),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_RATE_PER_SECOND: z.coerce.number().positive().default(30),
  TELEGRAM_GROUP_PER_MINUTE: z.coerce.number().positive().default(20),
  WECOM_RATE_PER_SECOND: z.coerce.number().positive().default(30),
  OUTBOX_LEASE_SECONDS: z.coerce.number().positive().default(30),
  // Issue 16: one instance of the fleet sends a channel and holds its polling or long connection.
  CHANNEL_LEASE_SECONDS: z.coerce.number().min(1).default(6),
  // Robustness (issue 11): database waits are bounded; inbound messages wait in the inbox.
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  INBOX_LEASE_SECONDS: z.coerce.number().positive().default(60),
  INBOX_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  TELEGRAM_WEBHOOK_SECRET: optional.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'use 1-256 of A-Z a-z 0-9 _ -').optional()),
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'use at least 16 characters').optional()),
  SCHEDULE_SLA_TICK: cronExpr('* * * * *'),
  SCHEDULE_DAILY: cronExpr('30 8 * * *'),
  SCHEDULE_WEEKLY: cronExpr('0 9 * * 1'),
  SCHEDULE_MONTHLY: cronExpr('0 9 1 * *'),
  WECOM_CORP_ID: optional,
  WECOM_API_BASE: z.string().url().default('https://qyapi.weixin.qq.com').transform((u) => u.replace(/\/+$/, '')),
  WECOM_AGENT_ID: optional.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().positive().optional()),
  WECOM_SECRET: optional,
  WECOM_TOKEN: optional,
  WECOM_ENCODING_AES_KEY: optional.pipe(aesKey.optional()),
  WECOM_BOT_MODE: z.enum(['callback', 'websocket']).default('callback'),
  WECOM_BOT_TOKEN: optional,
  WECOM_BOT_ENCODING_AES_KEY: optional.pipe(aesKey.optional()),
  WECOM_BOT_ID: optional,
  WECOM_BOT_SECRET: optional,
  WECOM_BOT_WS_URL: optional.pipe(z.string().regex(/^wss?:\/\//, 'must start with ws:// or wss://').optional()),
  WECOM_CALLBACK_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(300),
  // --- issue 12: households on WeCom (微信客服, customer groups) ---
  /** The 微信客服 account's open_kfid (managed by the self-built app): enables the household door. */
  WECOM_KF_ID: optional.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the open_kfid of the 微信客服 account (letters, digits, - or _)').optional()),
  /** How long one process holds the kf sync cursor while it pulls a page (a crashed puller's hold runs out). */
  WECOM_KF_SYNC_LEASE_SECONDS: z.coerce.number().int().positive().default(30),
  /** A pull without an event token this often, in case a callback was missed (0: only on events and at start). */
  WECOM_KF_IDLE_SYNC_MINUTES: z.coerce.number().min(0).default(10),
  /** The kf reply window: hours after the household's last message, and replies per message (WeCom: 48 h, 5). */
  WECOM_KF_WINDOW_HOURS: z.coerce.number().positive().default(48),
  WECOM_KF_WINDOW_MESSAGES: z.coerce.number().int().positive().default(5),
  /** kf/send_msg errcodes that mean "outside the window": the message goes to the household's group instead. */
  WECOM_KF_CLOSED_ERRCODES: z.string().trim().default('95001,95002,95018').refine((v) => /^\d+(,\d+)*$/.test(v), 'comma-separated errcodes, e.g. 95001,95018')
    .transform((v) => v.split(',').map(Number)),
  /** Calls per second the customer-group member-count refresh makes to externalcontact/groupchat (self-built app). */
  WECOM_GROUPS_PER_SECOND: z.coerce.number().positive().default(5),
  /** The playground (web channel for trying minhu): on by default unless NODE_ENV=production. */
  PLAYGROUND: z.enum(['on', 'off', 'auto']).default('auto'),
  /** Where people reach this process, for the console's one-time sign-in links. */
  PUBLIC_URL: optional.pipe(z.string().url().transform((u) => u.replace(/\/+$/, '')).optional()),
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().default(12),
  // issue 13: photos, voice and locations.
  /** Largest photo or voice file kept, in bytes (10 MB). */
  BLOB_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Most attachments one request carries. */
  BLOB_MAX_PER_REQUEST: z.coerce.number().int().positive().default(9),
  /** Time limit of one media download from a channel, in milliseconds. */
  MEDIA_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  // --- Abuse limits (issue 11: flood, sign-in throttle, SSE cap) ---
  /** Messages for the bot one household may send per minute / per hour before minhu stops answering. */
  FLOOD_SENDER_PER_MINUTE: z.coerce.number().int().positive().default(10),
  FLOOD_SENDER_PER_HOUR: z.coerce.number().int().positive().default(60),
  /** Messages for the bot from households in one chat per minute. */
  FLOOD_CHAT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** The same text from the same sender within this many seconds counts once. */
  FLOOD_REPEAT_SECONDS: z.coerce.number().int().min(0).default(120),
  /** Urgent alerts (township + grid leaders) one household may trigger per hour. */
  URGENT_ALERTS_PER_HOUR: z.coerce.number().int().min(0).default(2),
  /** Failed console sign-ins / ADMIN_TOKEN guesses per IP, and in all, per 15 minutes. */
  SIGNIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(10),
  SIGNIN_FAILURES_TOTAL: z.coerce.number().int().positive().default(100),
  /** Open playground event streams per IP and in all. */
  SSE_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  SSE_MAX_TOTAL: z.coerce.number().int().positive().default(1000),
  /** Reverse proxies in front of minhu whose X-Forwarded-For is trusted (0: use the peer address). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // issue 15: the optional large-model second opinion (OpenAI-compatible chat completions)
  LLM_BASE_URL: optional.pipe(z.string().url().optional()),
  LLM_MODEL: optional,
  LLM_API_KEY: optional,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().max(4000).default(1500),
  // --- issue 19: other systems (Open311, /api/v1, webhooks, exports) ---
  /** The jurisdiction_id Open311 clients may send (unset: any value is ignored, one jurisdiction). */
  OPEN311_JURISDICTION_ID: optional.pipe(z.string().regex(/^[A-Za-z0-9.-]{1,100}$/, 'use a domain-like id, e.g. mingshui.gov.cn').optional()),
  /** Largest Open311 POST body (photos come inline as data: URLs), in kilobytes. */
  OPEN311_MAX_BODY_KB: z.coerce.number().int().positive().default(8192),
  /** Hosts (comma separated, `host` or `host:port`) whose http(s) Open311 media_url minhu downloads; others are not fetched. */
  OPEN311_MEDIA_HOSTS: optional.pipe(z.string().regex(/^[A-Za-z0-9.:-]+(,[A-Za-z0-9.:-]+)*$/, 'comma separated host names, e.g. fms.mingshui.gov.cn,12345.mingshui.gov.cn:8443').optional()),
  /** Open311 POSTs per api_key per minute (per instance), then 429. */
  OPEN311_POSTS_PER_MINUTE: z.coerce.number().int().positive().max(100_000).default(60),
  /** How long an Open311 POST waits for its request to be registered before answering with a token. */
  OPEN311_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(3000),
  /** Time limit of one webhook delivery (the receiver must answer 2xx within it). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5000),
  /** Delivery attempts of one webhook event before it is dead-lettered (replay brings it back). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().max(50).default(12),
  // --- issue 16: operations (shutdown, metrics, logs, several instances) ---
  /** SIGTERM/SIGINT: the longest a graceful stop may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** json: one JSON object per line with the message and request ids; text: readable lines. (default: json in production) */
  LOG_FORMAT: optional.pipe(z.enum(['json', 'text']).optional()),
  /** Bearer token that GET /metrics requires on PORT (at least 16 characters). */
  METRICS_TOKEN: optional.pipe(z.string().min(16, 'use at least 16 characters').optional()),
  /** Serve /metrics (without a token) on this port instead, for a scraper on a private network. */
  METRICS_PORT: optional.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(0).max(65535).optional()),
});

export type Config = z.output<typeof schema>;

/** Every variable minhu reads (the schema's, and ENV_FILE, read before it); README and .env.example list each one. */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(schema.shape), 'ENV_FILE'];

// --- Playground safety (issue 11 item 9) ---
/** The real channels this configuration connects (Telegram, the WeCom app, the WeCom AI bot). */
export function realChannels(config: Config): string[] {
  const out: string[] = [];
  if (config.TELEGRAM_BOT_TOKEN) out.push('Telegram (TELEGRAM_BOT_TOKEN)');
  if (config.WECOM_SECRET || config.WECOM_CORP_ID) out.push('the WeCom app (WECOM_SECRET)');
  if (config.WECOM_BOT_TOKEN || config.WECOM_BOT_MODE === 'websocket') out.push('the WeCom AI bot');
  return out;
}

/**
 * Whether the playground is served, and why (logged at start). Anyone who reaches it can speak as
 * any staff member, so it runs only with the demo county and no real channel: `auto` turns it on
 * outside production when that holds; `on` with a real channel or an ORG_FILE is refused by
 * `loadConfig` (run a separate demo instance with its own DATA_DIR instead).
 */
export function playgroundMode(config: Config): { on: boolean; reason: string } {
  const real = realChannels(config);
  if (config.PLAYGROUND === 'off') return { on: false, reason: 'PLAYGROUND=off' };
  if (config.PLAYGROUND === 'on') return { on: true, reason: 'PLAYGROUND=on, demo county, no real channel' };
  if (real.length) return { on: false, reason: `a real channel is configured (${real.join(', ')}); the playground never runs beside one` };
  if (config.ORG_FILE) return { on: false, reason: 'ORG_FILE is set; the playground runs only with the demo county' };
  if (config.NODE_ENV === 'production') return { on: false, reason: 'NODE_ENV=production; set PLAYGROUND=on to serve it' };
  return { on: true, reason: 'PLAYGROUND=auto: no real channel is configured and NODE_ENV is not production' };
}

/** True when the playground is served (see `playgroundMode`). */
export const playgroundEnabled = (config: Config): boolean => playgroundMode(config).on;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A configuration error that names the bad variables. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and its default.`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads `.env` (or `file`) into `env` when the file exists, with Node's own parser (the one behind
 * `process.loadEnvFile` and `node --env-file`) and its rule: a variable already set in the
 * environment wins. Returns the file read and how many variables it set, or null. Called once at
 * start, before `loadConfig`.
 */
export function loadEnvFile(file = process.env.ENV_FILE ?? '.env', env: Record<string, string | undefined> = process.env): { file: string; set: number } | null {
  if (file === '' || file === 'none') return null;
  const full = path.resolve(file);
  if (!existsSync(full)) return null;
  let set = 0;
  for (const [k, v] of Object.entries(parseEnv(readFileSync(full, 'utf8')))) {
    if (env[k] !== undefined || v === undefined) continue;
    env[k] = v;
    set++;
  }
  return { file: full, set };
}

/** Reads and validates the configuration from `env` (default: process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const config = parsed.data;
  if (config.TELEGRAM_MODE === 'webhook' && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(['TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook']);
  }
  const problems: string[] = [];
  const need = (when: boolean, names: (keyof Config)[], why: string) => {
    if (!when) return;
    for (const n of names) if (config[n] === undefined) problems.push(`${n}: required ${why}`);
  };
  const app = config.WECOM_SECRET || config.WECOM_TOKEN || config.WECOM_ENCODING_AES_KEY || config.WECOM_AGENT_ID;
  need(!!app, ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'], 'for the WeCom self-built app');
  need(config.WECOM_BOT_MODE === 'callback' && !!(config.WECOM_BOT_TOKEN || config.WECOM_BOT_ENCODING_AES_KEY), ['WECOM_BOT_TOKEN', 'WECOM_BOT_ENCODING_AES_KEY'], 'for the WeCom AI bot callback');
  need(!!config.LLM_BASE_URL, ['LLM_MODEL'], 'when LLM_BASE_URL is set');
  need(config.WECOM_BOT_MODE === 'websocket', ['WECOM_BOT_ID', 'WECOM_BOT_SECRET'], 'when WECOM_BOT_MODE=websocket');
  // issue 12: the app's callback receives kf_msg_or_event, and its token calls kf/*.
  need(!!config.WECOM_KF_ID, ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'], 'for 微信客服 (WECOM_KF_ID): the self-built app manages the account');
  // Playground safety: never beside real chats or real staff (issue 11 item 9).
  if (config.PLAYGROUND === 'on' && (realChannels(config).length || config.ORG_FILE)) {
    problems.push(`PLAYGROUND: "on" is refused because ${[...realChannels(config), ...(config.ORG_FILE ? ['ORG_FILE'] : [])].join(', ')} ${realChannels(config).length + (config.ORG_FILE ? 1 : 0) > 1 ? 'are' : 'is'} configured: anyone who reaches the playground can act as any staff member. Run the playground as a separate instance with the demo county and its own DATA_DIR (no channel tokens, no ORG_FILE), and set PLAYGROUND=off or auto here`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
