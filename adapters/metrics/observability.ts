/**
 * Wires metrics and logs together for the process (issue 16): the Observer the use cases report
 * to counts in prom-client and logs one line per inbound message (ids, outcome, request ids,
 * time), and GET /metrics is served behind METRICS_TOKEN on the main port or on METRICS_PORT.
 */
import type { Server } from 'node:http';
import express, { type Router } from 'express';
import type { Observer } from '../../bots/ports/observe';
import { closeServer, listen } from '../http/listen';
import { addLogContext, type Logger } from '../logger';
import { createMetrics, metricsHandler, type Metrics } from './metrics';

export interface Observability {
  metrics: Metrics;
  observer: Observer;
  /** GET /metrics on the main port (token-protected), or a router answering how to turn it on. */
  router: Router;
  /** Starts the METRICS_PORT server when configured; returns its port, or null. */
  start(): Promise<number | null>;
  stop(): Promise<void>;
}

export function createObservability(options: { token?: string; port?: number; log: Logger }): Observability {
  const metrics = createMetrics();
  const { log } = options;
  const observer: Observer = {
    ...metrics.observer,
    inbound(o) {
      metrics.observer.inbound(o);
      if (o.created.length) addLogContext({ requestId: o.created.length === 1 ? o.created[0] : o.created });
      const meta = { channel: o.channel, messageId: o.messageId, outcome: o.outcome, ms: Math.round(o.seconds * 1000), ...(o.created.length ? { created: o.created } : {}), ...(o.updated.length ? { updated: o.updated } : {}) };
      if (o.outcome === 'failed') return; // the inbox logs the failure with its reason
      log.info('inbound handled', meta);
    },
    lease(name, held) {
      metrics.observer.lease(name, held);
    },
  };
  const router = express.Router();
  if (options.port === undefined) {
    router.get('/metrics', options.token
      ? metricsHandler(metrics, options.token)
      : (_req, res) => void res.status(404).json({ error: 'metrics are off: set METRICS_TOKEN (then GET /metrics with Authorization: Bearer …) or METRICS_PORT' }));
  }
  let server: Server | null = null;
  return {
    metrics, observer, router,
    async start() {
      if (options.port === undefined) return null;
      const app = express();
      app.get('/metrics', metricsHandler(metrics, options.token ?? null));
      server = await listen(app, options.port, 'METRICS_PORT');
      const address = server.address();
      return typeof address === 'object' && address ? address.port : options.port;
    },
    async stop() {
      if (server) await closeServer(server, 1_000);
    },
  };
}
