/**
 * /api/v1 for staff systems (issue 19), on PGlite and PostgreSQL: the OpenAPI 3.1 description
 * covers every route; a token acts as a staff identity within the permission table; actions are
 * the chat commands; exports stream CSV, XLSX and JSON Lines; dead-lettered webhooks replay.
 */
import ExcelJS from 'exceljs';
import type { Database } from '../../adapters/db/client';
import { createWebhookTargets } from '../../adapters/db/webhooks.repository';
import { createWebhookSender } from '../../adapters/webhooks/webhook-sender';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../support/fakes/fake-webhook-receiver';
import { form, startIntegrationsApp, type IntegrationsApp } from '../support/integrations-app';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const ADMIN_TOKEN = 'api-test-admin-token-0123456789';

/** Polls until `probe` gives something (the app's own sender delivers in the background). */
async function waitUntil<T>(probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 50))) {
    const value = await probe();
    if (value !== null) return value;
  }
  throw new Error('timed out');
}

describe.each(DB_KINDS)('/api/v1 on %s', (kind) => {
  let db: Database;
  let app: IntegrationsApp;
  let receiver: FakeWebhookReceiver;
  let grid: string;
  let otherGrid: string;
  let requestId: number;
  let openKey: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    receiver = await startFakeWebhookReceiver();
    app = await startIntegrationsApp(db, { adminToken: ADMIN_TOKEN, senders: [createWebhookSender({ target: createWebhookTargets(db.db, 0), maxAttempts: 1 })] });
    grid = (await app.integrations.createKey({ kind: 'api', system: 'gridsys', name: '网格平台', role: 'grid_worker', areaCode: 'MS020101' })).key;
    otherGrid = (await app.integrations.createKey({ kind: 'api', system: 'gridsys2', name: '李庄网格平台', role: 'grid_worker', areaCode: 'MS020202' })).key;
    openKey = (await app.integrations.createKey({ kind: 'open311', system: 'hotline12345', name: '12345热线' })).key;
    const res = await fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ api_key: openKey, service_code: 'municipal', address_string: '王家村2组', description: '路灯坏了，电话13812345678' }) });
    requestId = Number(((await res.json()) as { service_request_id: string }[])[0].service_request_id);
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
    await db.close();
  });

  const call = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${app.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const act = (token: string, body: object, key?: string) => call(`/requests/${requestId}/actions`, token, { method: 'POST', body: JSON.stringify(body), headers: key ? { 'idempotency-key': key } : {} });

  it('should describe every route in OpenAPI 3.1', async () => {
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const described = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    // Every route the router serves, read from express's own table, is in the description.
    const served = (app.api.router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack
      .filter((l) => l.route).flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(served.length).toBeGreaterThanOrEqual(13);
    expect(served.filter((r) => !described.has(r))).toEqual([]);
    expect(described.has('get /api/v1/exports/requests.{format}')).toBe(true);
  });

  it('should refuse a missing or wrong token with 401', async () => {
    expect((await call('/requests', 'mhapi_wrong')).status).toBe(401);
    expect((await fetch(`${app.url}/api/v1/requests`)).status).toBe(401);
  });

  it('should list and show what the token\'s staff identity may see, numbers in clear only for who handles it', async () => {
    const list = (await (await call('/requests', grid)).json()) as { items: { id: number; phone: string | null }[] };
    expect(list.items.map((r) => r.id)).toContain(requestId);
    expect((await (await call('/requests', otherGrid)).json() as { items: unknown[] }).items).toEqual([]);
    const shown = (await (await call(`/requests/${requestId}`, grid)).json()) as { request: { detail: string; queue_name: string }; timeline: { type: string }[] };
    expect(shown.request.queue_name).toBe('王家村1-3组网格');
    expect(shown.request.detail).toContain('13812345678');
    expect(shown.timeline.map((e) => e.type)).toEqual(['submitted']);
    const admin = (await (await call(`/requests/${requestId}`, ADMIN_TOKEN)).json()) as { request: { detail: string } };
    expect(admin.request.detail).toContain('138****5678');
    expect((await call(`/requests/${requestId}`, otherGrid)).status).toBe(404);
    expect((await call('/requests/abc', grid)).status).toBe(404);
  });

  it('should run actions as the chat commands, with the same permission table', async () => {
    expect((await act(otherGrid, { action: 'claim' })).status).toBe(403);
    const claimed = await act(grid, { action: 'claim' }, 'claim-1');
    expect(claimed.status).toBe(200);
    expect(((await claimed.json()) as { reply: string }).reply).toContain('网格平台认领');
    expect(((await (await act(grid, { action: 'claim' }, 'claim-1')).json()) as { duplicate: boolean }).duplicate).toBe(true);
    expect((await act(grid, { action: 'claim' })).status).toBe(409);
    expect((await act(grid, { action: 'resolve' })).status).toBe(400);
    const resolved = await act(grid, { action: 'resolve', text: '路灯已修好' });
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { request: { status: string } }).request.status).toBe('resolved');
    const timeline = (await (await call(`/requests/${requestId}/timeline`, grid)).json()) as { type: string; actor: string | null }[];
    expect(timeline.map((e) => e.type)).toEqual(['submitted', 'claimed', 'resolved']);
    expect(timeline[1].actor).toBe('网格平台');
    expect((await call('/requests/99999/actions', grid, { method: 'POST', body: JSON.stringify({ action: 'claim' }) })).status).toBe(404);
    expect((await call(`/requests/${requestId}/actions`, grid, { method: 'POST', body: '{"action":' })).status).toBe(400);
  });

  it('should give the monthly figures to admins and refuse them to grid workers', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const report = await call(`/reports/${month}`, ADMIN_TOKEN);
    expect(report.status).toBe(200);
    expect(((await report.json()) as { total: { received: number } }).total.received).toBeGreaterThanOrEqual(1);
    expect((await call(`/reports/${month}`, grid)).status).toBe(403);
  });

  it('should export requests with their timelines as CSV, JSON Lines and XLSX', async () => {
    const today = new Date();
    const from = new Date(today.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const csv = await call(`/exports/requests.csv?from=${from}&to=${to}`, ADMIN_TOKEN);
    expect(csv.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF编号,状态,类别')).toBe(true);
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('认领（网格平台）');
    const lines = (await (await call(`/exports/requests.jsonl?from=${from}&to=${to}`, ADMIN_TOKEN)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: number; timeline: unknown[] });
    expect(lines.find((l) => l.id === requestId)?.timeline).toHaveLength(3);
    const xlsx = await call(`/exports/requests.xlsx?from=${from}&to=${to}&area=MS02`, ADMIN_TOKEN);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet('诉求')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    expect(sheet.rowCount).toBe(1 + lines.length);
    expect((await call(`/exports/requests.csv?from=${from}&to=${to}`, grid)).status).toBe(403);
    expect((await call('/exports/requests.csv?from=2026-02-31&to=2026-03-01', ADMIN_TOKEN)).status).toBe(400);
    expect((await call(`/exports/requests.pdf?from=${from}&to=${to}`, ADMIN_TOKEN)).status).toBe(400);
  });

  it('should dead-letter a webhook that fails its attempts and replay it once asked', async () => {
    const added = await call('/webhooks', ADMIN_TOKEN, { method: 'POST', body: JSON.stringify({ name: '热线', url: receiver.url, events: ['request.rated', 'request.reopened'] }) });
    expect(added.status).toBe(201);
    const sub = (await added.json()) as { id: number; secret: string };
    receiver.secret = sub.secret;
    expect((await call('/webhooks', grid)).status).toBe(403);
    receiver.failNext('request.rated', 1);
    // The household rates through the API's admin here (a rating is the reporter's; the admin may not): use the chat instead.
    const { handleInbound } = await import('../../bots/inbound/handle-inbound');
    const [link] = await db.db.execute(`select origin_user_id, origin_chat_id from requests where id = ${requestId}`).then((r) => (r as unknown as { rows: { origin_user_id: string; origin_chat_id: string }[] }).rows);
    await handleInbound(app.deps, {
      channel: 'open311', messageId: `rate-${requestId}`, chatId: link.origin_chat_id, chatType: 'private', senderId: link.origin_user_id, senderName: '市民', text: `评价 ${requestId} 满意`,
      addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: Date.now(),
    });
    const deliveries = async (status = '') => (await (await call(`/webhooks/${sub.id}/deliveries${status}`, ADMIN_TOKEN)).json()) as { id: number; type: string; status: string; last_error: string }[];
    const failed = await waitUntil(async () => {
      const list = await deliveries('?status=failed');
      return list.length ? list : null;
    });
    expect(failed.map((d) => d.type)).toEqual(['request.rated']);
    expect(failed[0].last_error).toContain('500');
    const replay = (await (await call(`/webhooks/${sub.id}/replay`, ADMIN_TOKEN, { method: 'POST', body: '{}' })).json()) as { replayed: number };
    expect(replay.replayed).toBe(1);
    await waitUntil(async () => ((await deliveries())[0]?.status === 'sent' ? true : null));
    expect([...receiver.recorded.values()].filter((e) => e.type === 'request.rated')).toHaveLength(1);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent']);
  });
});
