/**
 * Issue 19: minhu's side for other systems in this process, wired as bots/main.ts wires it —
 * the inbox with handleInbound, the Open311 router, the outbox sender with the open311 channel —
 * on a test database and the demo county, listening on 127.0.0.1.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../adapters/db/client';
import { createBlobStore } from '../../adapters/db/blob.repository';
import { createInbox } from '../../adapters/db/inbox.repository';
import { createIntegrations, type Integrations } from '../../adapters/db/integrations.repository';
import { createOpen311Store } from '../../adapters/db/open311.repository';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { storesFor } from '../../adapters/db/stores';
import { createHttpApp } from '../../adapters/http/app';
import { createOpen311Channel } from '../../adapters/http/open311/open311-channel';
import { createOpen311Router } from '../../adapters/http/open311/open311.routes';
import { createLogger } from '../../adapters/logger';
import { createApiV1Router } from '../../adapters/http/api-v1/api-v1.routes';
import { exportRoutes } from '../../adapters/http/api-v1/exports.routes';
import { createApiStore } from '../../adapters/db/api.repository';
import { createExportSource } from '../../adapters/db/exports.repository';
import { createWebhookDeliveries } from '../../adapters/db/webhooks.repository';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { createBotDeps, type BotDeps } from '../../bots/deps';
import { handleInbound } from '../../bots/inbound/handle-inbound';
import { createInboxRunner, type InboxRunner } from '../../bots/inbox/inbox';
import { createSender, type OutboxSender } from '../../bots/outbox/sender';
import type { ChannelSender } from '../../bots/ports';
import { NO_FLOOD_LIMITS } from './harness';

export interface IntegrationsApp {
  url: string;
  deps: BotDeps;
  inbox: InboxRunner;
  sender: OutboxSender;
  integrations: Integrations;
  api: ReturnType<typeof createApiV1Router>;
  close(): Promise<void>;
}

export interface IntegrationsAppOptions {
  jurisdictionId?: string;
  maxBodyBytes?: number;
  waitMs?: number;
  adminToken?: string;
  /** Open311: hosts whose media_url is downloaded, and POSTs per api_key per minute. */
  mediaHosts?: string[];
  postsPerKeyPerMinute?: number;
  /** Further channel senders (a fake webhook receiver's, the web channel …). */
  senders?: ChannelSender[];
}

export async function startIntegrationsApp(db: Database, options: IntegrationsAppOptions = {}): Promise<IntegrationsApp> {
  const org = readOrgFile(DEMO_ORG_FILE);
  await importOrg(db.db, org);
  const blobs = createBlobStore(db.db);
  const deps = createBotDeps({ ...storesFor(db.db), org, flood: NO_FLOOD_LIMITS, blobs });
  const inbox = createInboxRunner(createInbox(db.db), (m) => handleInbound(deps, m), { pollMs: 200, log: (level, message, meta) => { if (level !== 'info') console.error(message, meta); } });
  const sender = createSender(createOutbox(db.db), [createOpen311Channel(), ...(options.senders ?? [])], { idleMs: 100 });
  deps.onQueued = () => sender.poke();
  const integrations = createIntegrations(db.db);
  const api = createApiV1Router({
    deps, store: createApiStore(db.db), keys: createOpen311Store(db.db), integrations, deliveries: createWebhookDeliveries(db.db), adminToken: options.adminToken,
    extraRoutes: exportRoutes(deps, createExportSource(db.db)),
  });
  const routers = [
    createOpen311Router({ store: createOpen311Store(db.db), deps, accept: (m) => inbox.accept(m), blobs, jurisdictionId: options.jurisdictionId, maxBodyBytes: options.maxBodyBytes, waitMs: options.waitMs, mediaHosts: options.mediaHosts, postsPerKeyPerMinute: options.postsPerKeyPerMinute }),
    api.router,
  ];
  const app = createHttpApp({ ping: db.ping, telegramWebhook: null, routers, log: createLogger('error', false) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  inbox.start();
  sender.start();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deps,
    inbox,
    sender,
    integrations,
    api,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await sender.stop();
      await inbox.stop();
    },
  };
}

/** A form-encoded POST body (the spec's Content-Type). */
export function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}
