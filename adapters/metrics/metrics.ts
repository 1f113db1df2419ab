/**
 * Prometheus metrics (issue 16) with prom-client: the Observer port the use cases report to,
 * plus gauges read at scrape time (outbox depth and age from the database, the connection
 * pool), and the process's default metrics. Served by `metricsHandler` at GET /metrics —
 * behind METRICS_TOKEN on the main port, or open on its own METRICS_PORT.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Observer } from '../../bots/ports/observe';

export interface MetricsSources {
  /** Pending outbox rows per channel and the age of the oldest, read at each scrape. */
  outboxDepth?: () => Promise<{ channel: string; depth: number; oldestSeconds: number }[]>;
  /** The PostgreSQL pool's connections (absent on PGlite). */
  pool?: () => { total: number; idle: number; waiting: number };
}

export interface Metrics {
  registry: Registry;
  observer: Observer;
  /** Records one database statement's time (adapters/db/client.ts calls it). */
  query(seconds: number): void;
  setSources(sources: MetricsSources): void;
}

const FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Creates a registry with minhu's metrics (one per process; tests make their own). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  let sources: MetricsSources = {};
  const reg = { registers: [registry] };
  const inbound = new Counter({ name: 'minhu_inbound_messages_total', help: 'Inbound messages handled, by channel and outcome (handled, ignored, duplicate, failed)', labelNames: ['channel', 'outcome'], ...reg });
  const received = new Counter({ name: 'minhu_inbound_received_total', help: 'Inbound messages stored on arrival (stored) or redelivered (duplicate), by channel', labelNames: ['channel', 'outcome'], ...reg });
  const handleSeconds = new Histogram({ name: 'minhu_inbound_handle_seconds', help: 'Time to handle one inbound message (dialog, request, outbox) by channel', labelNames: ['channel'], buckets: FAST, ...reg });
  const registered = new Counter({ name: 'minhu_requests_registered_total', help: 'Requests registered, by channel', labelNames: ['channel'], ...reg });
  const asked = new Counter({ name: 'minhu_dialog_questions_total', help: 'Follow-up questions the intake dialog asked, by channel', labelNames: ['channel'], ...reg });
  const sends = new Counter({ name: 'minhu_sends_total', help: 'Channel sends attempted, by channel', labelNames: ['channel'], ...reg });
  const failures = new Counter({ name: 'minhu_send_failures_total', help: 'Channel sends that failed, by channel and error code (429, 45009, network …)', labelNames: ['channel', 'code'], ...reg });
  const sendSeconds = new Histogram({ name: 'minhu_send_seconds', help: 'Time of one channel send, by channel', labelNames: ['channel'], buckets: FAST, ...reg });
  const tickSeconds = new Histogram({ name: 'minhu_sla_tick_seconds', help: 'Duration of an SLA tick that ran', buckets: FAST, ...reg });
  const ticks = new Counter({ name: 'minhu_sla_ticks_total', help: 'SLA ticks, ran or skipped (another instance held the lock)', labelNames: ['result'], ...reg });
  const reminders = new Counter({ name: 'minhu_sla_reminders_total', help: 'Reminders and alerts the SLA tick queued', ...reg });
  const classifier = new Histogram({ name: 'minhu_classifier_seconds', help: 'Time to classify one description', buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05], ...reg });
  const querySeconds = new Histogram({ name: 'minhu_db_query_seconds', help: 'Time of one database statement (PostgreSQL: every statement; PGlite: outside transactions)', buckets: FAST, ...reg });
  const leases = new Gauge({ name: 'minhu_leases_held', help: '1 when this instance holds the lease (telegram, wecom …), else 0', labelNames: ['lease'], ...reg });
  new Gauge({
    name: 'minhu_db_pool_connections', help: 'PostgreSQL pool connections by state (total, idle, waiting clients)', labelNames: ['state'], ...reg,
    collect() {
      const p = sources.pool?.();
      if (!p) return;
      this.set({ state: 'total' }, p.total);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'waiting' }, p.waiting);
    },
  });
  // One query per scrape for both outbox gauges: depth's collect (registered first, so started first — prom-client
  // starts every collect in order, then awaits them together) runs it; the age gauge awaits the same answer.
  let outboxRows: Promise<{ channel: string; depth: number; oldestSeconds: number }[]> = Promise.resolve([]);
  new Gauge({
    name: 'minhu_outbox_depth', help: 'Outbox rows waiting to be sent, by channel', labelNames: ['channel'], ...reg,
    async collect() {
      if (!sources.outboxDepth) return;
      outboxRows = sources.outboxDepth().catch(() => []);
      const rows = await outboxRows;
      this.reset();
      for (const r of rows) this.set({ channel: r.channel }, r.depth);
    },
  });
  new Gauge({
    name: 'minhu_outbox_oldest_seconds', help: 'Age of the oldest outbox row waiting, by channel', labelNames: ['channel'], ...reg,
    async collect() {
      const rows = await outboxRows;
      this.reset();
      for (const r of rows) this.set({ channel: r.channel }, r.oldestSeconds);
    },
  });
  const observer: Observer = {
    inbound(o) {
      inbound.inc({ channel: o.channel, outcome: o.outcome });
      handleSeconds.observe({ channel: o.channel }, o.seconds);
      if (o.created.length) registered.inc({ channel: o.channel }, o.created.length);
      if (o.asked) asked.inc({ channel: o.channel }, o.asked);
    },
    received: (channel, outcome) => received.inc({ channel, outcome }),
    sent(channel, ok, code, seconds) {
      sends.inc({ channel });
      if (!ok) failures.inc({ channel, code: code ?? 'other' });
      if (seconds !== undefined) sendSeconds.observe({ channel }, seconds);
    },
    slaTick(seconds, queued, skipped) {
      ticks.inc({ result: skipped ? 'skipped' : 'ran' });
      if (skipped) return;
      tickSeconds.observe(seconds);
      reminders.inc(queued);
    },
    classified: (seconds) => classifier.observe(seconds),
    lease: (name, held) => leases.set({ lease: name }, held ? 1 : 0),
  };
  return { registry, observer, query: (s) => querySeconds.observe(s), setSources: (s) => void (sources = { ...sources, ...s }) };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics in Prometheus's text format. With `token`, a request must carry
 * `Authorization: Bearer <token>` (401 otherwise); without, it is served to anyone who reaches
 * the port (use a separate METRICS_PORT that only the scraper can reach).
 */
export function metricsHandler(metrics: Metrics, token: string | null): RequestHandler {
  return async (req, res) => {
    if (token !== null) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(given), digest(token))) {
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
