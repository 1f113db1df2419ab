/**
 * Issue 19's proof, the whole minhu process: a fake 12345 hotline creates a request over Open311
 * (its key and webhook made with `npm run integrations`), a grid worker resolves it in the chat
 * (fake Telegram), and the hotline's webhook receiver gets request.resolved with a valid
 * signature — once, and again after a forced 500, recorded exactly once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../support/fakes/fake-webhook-receiver';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = -1001; // 王家村1-3组网格 in the demo org
const WORKER = { id: 9001, name: '张网格' };
const ROOT = path.join(__dirname, '../..');

describe('a hotline over Open311 and signed webhooks, end to end', () => {
  let fake: FakeTelegram;
  let receiver: FakeWebhookReceiver;
  let minhu: MinhuProcess;
  let dataDir: string;
  let apiKey: string;

  /** Runs the admin script on the process's database (before the process owns the PGlite folder). */
  const admin = async (...args: string[]) => (await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/integrations.ts', ...args], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ENV_FILE: 'none', LOG_LEVEL: 'error' },
  })).stdout;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    receiver = await startFakeWebhookReceiver();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-e2e-hotline-'));
    apiKey = /: (o311_\S+)/.exec(await admin('open311-key', 'hotline12345', '12345热线'))![1];
    receiver.secret = /signing secret: (whsec_\S+)/.exec(await admin('webhook-add', receiver.url, 'request.created,request.resolved', '--name', '12345热线'))![1];
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir });
  }, 120_000);
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    await receiver?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('should hear request.resolved once with a valid signature, and once recorded after a forced 500', async () => {
    const base = `http://127.0.0.1:${minhu.port}/open311/v2`;
    const body = new URLSearchParams({
      api_key: apiKey, service_code: 'municipal', address_string: '王家村3组12号门口', description: '路灯坏了，晚上看不见路', 'attribute[external_id]': 'HL-20261203-0042',
    });
    const res = await fetch(`${base}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(200);
    const [{ service_request_id }] = (await res.json()) as { service_request_id: string }[];
    const id = Number(service_request_id);
    expect(id).toBeGreaterThan(0);

    // The grid's group hears of it like any report that came from elsewhere.
    const notice = await waitFor('the grid group told of the hotline report', () => fake.sent.find((m) => m.chat_id === String(GROUP) && m.text.includes(`#${id}`)));
    expect(notice.text).toContain('12345热线');
    const created = await waitFor('request.created', () => [...receiver.recorded.values()].find((e) => e.type === 'request.created'));
    expect(created.data.request).toMatchObject({ id, status: 'submitted', source: { channel: 'open311', system: 'hotline12345', external_id: 'HL-20261203-0042' } });

    receiver.failNext('request.resolved', 1);
    const mark = fake.sent.length;
    fake.push(groupText(GROUP, WORKER, `认领 ${id}`));
    await waitFor('claimed', () => fake.sent.slice(mark).find((m) => m.text.includes(`#${id} 已由张网格认领`)));
    fake.push(groupText(GROUP, WORKER, `办结 ${id} 路灯已修好`));

    const resolvedDeliveries = () => receiver.deliveries.filter((d) => d.type === 'request.resolved');
    await waitFor('request.resolved delivered again after the 500', () => resolvedDeliveries().some((d) => d.status === 200), 20_000);
    const deliveries = resolvedDeliveries();
    expect(deliveries.map((d) => d.status)).toEqual([500, 200]);
    expect(deliveries.every((d) => d.signatureValid)).toBe(true);
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(1);
    const recorded = [...receiver.recorded.values()].filter((e) => e.type === 'request.resolved');
    expect(recorded).toHaveLength(1);
    expect(recorded[0].data.request).toMatchObject({ id, status: 'resolved', open311_status: 'closed' });
    expect(JSON.stringify(recorded[0].data)).not.toContain('王大妈');

    // Nothing more arrives for it: the delivery is marked sent, never queued twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(resolvedDeliveries()).toHaveLength(2);
    const [shown] = (await (await fetch(`${base}/requests/${id}.json`)).json()) as { status: string }[];
    expect(shown.status).toBe('closed');
  }, 60_000);
});
