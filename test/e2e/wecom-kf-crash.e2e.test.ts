/**
 * Issue 12: the 微信客服 cursor survives a crash. Three households' reports wait in three sync
 * pages; minhu is killed with SIGKILL while the second page is being pulled (the fake holds that
 * request unanswered). After a restart on the same database: nothing lost (every report is
 * registered and gets its receipt), nothing twice (one request and one receipt each), and the
 * pull went on from the stored cursor instead of from the start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, CORP_ID, KF_ID, postKfEvent, startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { writeCustomerGroupOrg } from '../support/kf-org';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

describe('微信客服 sync through a crash (kill -9 between two pages)', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let dir: string;
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-kf-crash-'));
    const server = TEST_DATABASE_URL ? await createServerDatabase() : null;
    drop = server?.drop ?? null;
    env = {
      DATA_DIR: dir, ...(server ? { DATABASE_URL: server.url } : {}), ORG_FILE: writeCustomerGroupOrg(dir),
      WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID, WECOM_AGENT_ID: String(APP.agentId), WECOM_SECRET: APP.secret,
      WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey, WECOM_KF_ID: KF_ID, WECOM_KF_SYNC_LEASE_SECONDS: '2',
    };
    minhu = await startMinhu(env);
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('should lose nothing and repeat nothing', async () => {
    const base = () => `http://127.0.0.1:${minhu.port}`;
    const households = [['wmA01', '孙大妈', '1组路灯坏了三天了'], ['wmB02', '周大爷', '2组自来水管爆了在漏水'], ['wmC03', '吴阿姨', '3组垃圾好几天没人清运']] as const;
    let entered = '';
    for (const [ext, name] of households) {
      fake.kf.addCustomer(ext, name);
      entered = fake.kf.enterSession(ext, 'MS020101').token;
    }
    // The welcomes first (one page), so that the reports below are one page each.
    expect((await postKfEvent(base(), entered)).status).toBe(200);
    await waitFor('welcomes sent', () => fake.kf.sent.filter((s) => s.via === 'kf-welcome').length === 3, 15_000);
    await new Promise((r) => setTimeout(r, 300)); // the pull has given the cursor back

    fake.kf.pageSize = 1;
    const start = Number(fake.kf.endCursor().slice(1));
    let token = '';
    for (const [ext, , text] of households) token = fake.kf.customerSays(ext, { msgtype: 'text', text: { content: text } }).token;
    const held = fake.kf.holdPage(`c${start + 1}`); // the second page: asked for only once the first is kept
    expect((await postKfEvent(base(), token)).status).toBe(200);
    await held;
    await waitFor('first receipt', () => fake.kf.sent.some((s) => s.touser === 'wmA01' && s.content.includes('已登记')), 15_000);
    await new Promise((r) => setTimeout(r, 300)); // its outbox row marked sent
    await minhu.stop('SIGKILL');
    const callsBefore = fake.kf.syncCalls.length;

    minhu = await startMinhu(env);
    for (const [ext] of households) {
      await waitFor(`receipt of ${ext}`, () => fake.kf.sent.some((s) => s.touser === ext && s.content.includes('已登记')), 30_000)
        .catch((e) => { throw new Error(`${e}\n${minhu.logs.join('').slice(-3000)}`); });
    }
    await new Promise((r) => setTimeout(r, 2500)); // a lease's length: nothing more may come
    for (const [ext] of households) expect(fake.kf.sent.filter((s) => s.touser === ext && s.content.includes('已登记'))).toHaveLength(1);
    const ids = households.map(([ext]) => /#(\d+)/.exec(fake.kf.sent.find((s) => s.touser === ext && s.content.includes('已登记'))!.content)![1]);
    expect(new Set(ids).size).toBe(3);
    // After the restart the pull started at the stored cursor (after the first page), not at the beginning.
    const after = fake.kf.syncCalls.slice(callsBefore);
    expect(after[0]?.cursor).toBe(`c${start + 1}`);
  }, 120_000);
});
