/**
 * Issue 12 end to end, against the fake WeCom server: `npm run wecom:links` makes one 微信客服 link
 * per grid (kf/add_contact_way, stored: a second run makes none) and a QR code PNG each;
 * `npm run wecom:groups` lists the customer groups (groupchat/list paged + get), stores their
 * member counts, suggests bindings by name and with `--apply` prints the diff and writes the org
 * file; then the spawned process shows 进群率 in 报表 and keeps the counts current on an encrypted
 * `change_external_chat` callback.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { parseOrgFile } from '../../core/org-file';
import { APP, CORP_ID, KF_ID, postAppCallback, postChangeExternalChat, startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { writeCustomerGroupOrg } from '../support/kf-org';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const ROOT = path.join(__dirname, '../..');
const GRIDS = ['MS010101', 'MS010102', 'MS010201', 'MS010202', 'MS020101', 'MS020102', 'MS020201', 'MS020202'];
const members = (corp: number, wechat: number, tag: string) => [
  ...Array.from({ length: corp }, (_, i) => ({ userid: `staff${tag}${i}`, type: 1 as const })),
  ...Array.from({ length: wechat }, (_, i) => ({ userid: `wm${tag}${i}`, type: 2 as const })),
];

describe('WeCom links and customer groups, end to end', () => {
  let fake: FakeWecom;
  let dataDir: string;
  let orgFile: string;
  let minhu: MinhuProcess | undefined;

  const env = () => ({
    PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ORG_FILE: orgFile, ENV_FILE: 'none', LOG_LEVEL: 'error',
    WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID, WECOM_SECRET: APP.secret, WECOM_KF_ID: KF_ID, WECOM_GROUPS_PER_SECOND: '200',
    WECOM_AGENT_ID: String(APP.agentId), WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey,
  });
  const run = async (script: string, ...args: string[]) => (await promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: ROOT, env: env() })).stdout;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-groups-'));
    orgFile = writeCustomerGroupOrg(dataDir);
    fake.kf.groups.set('wrDemoWangjia13', { name: '王家村1-3组网格群', owner: 'zhangwangge', members: members(2, 3, 'a') });
    fake.kf.groups.set('wrNew46', { name: '王家村4-6组网格群', owner: 'zhaowangge', members: members(1, 4, 'b') });
    fake.kf.groups.set('wrLizhuang14', { name: '李庄村１～４组 居民群', owner: 'wangzhishu', members: members(1, 2, 'c') });
    fake.kf.groups.set('wrDance', { name: '广场舞爱好者', owner: 'wangzhishu', members: members(1, 9, 'd') });
    fake.kf.groups.set('wrXin', { name: '王家村群', owner: 'wangzhishu', members: members(1, 1, 'e') });
  }, 60_000);
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('should make one stored link per grid with a QR code each, and none again on a second run', async () => {
    const out = path.join(dataDir, 'qr');
    const first = await run('wecom-links', '--out', out);
    expect(fake.kf.contactWays.sort()).toEqual(GRIDS);
    const lines = first.split('\n').filter((l) => l.startsWith('MS'));
    expect(lines).toHaveLength(GRIDS.length);
    const wangjia = lines.find((l) => l.startsWith('MS020101\t'))!;
    expect(wangjia).toMatch(/\t王家村1-3组网格\thttps:\/\/work\.weixin\.qq\.com\/kf\/\S+\t/);
    expect(wangjia).toContain('王家村1-3组网格群');
    const png = PNG.sync.read(fs.readFileSync(path.join(out, 'MS020101-王家村1-3组网格.png')));
    expect(png.width).toBeGreaterThanOrEqual(256);
    const dark = [...Array(png.width * png.height).keys()].filter((i) => png.data[i * 4] < 128).length;
    expect(dark / (png.width * png.height)).toBeGreaterThan(0.2); // a QR code, not a blank square
    expect(fs.readdirSync(out)).toHaveLength(GRIDS.length);

    const second = await run('wecom-links', '--out', out);
    expect(fake.kf.contactWays).toHaveLength(GRIDS.length);
    expect(second.split('\n').filter((l) => l.startsWith('MS'))).toEqual(lines);
  }, 60_000);

  it('should list the groups page by page, suggest bindings by name, and write them only with --apply', async () => {
    const before = fs.readFileSync(orgFile, 'utf8');
    const dry = await run('wecom-groups');
    expect(fake.kf.groupCalls.list).toBe(3); // 5 groups, pages of 2
    expect(fake.kf.groupCalls.get).toBe(5);
    expect(dry).toMatch(/wrDemoWangjia13\t王家村1-3组网格群\towner zhangwangge\t成员 2\t微信用户 3\tbound to MS020101/);
    expect(dry).toMatch(/wrNew46\t.*suggest MS020102 王家村4-6组网格/);
    expect(dry).toMatch(/wrLizhuang14\t.*suggest MS020201 李庄村1-4组网格/);
    expect(dry).toMatch(/wrXin\t.*suggest MS0201 王家村/);
    expect(dry).toMatch(/wrDance\t.*no area matches/);
    expect(dry).toContain('Would write (run with --apply)');
    expect(fs.readFileSync(orgFile, 'utf8')).toBe(before);

    const applied = await run('wecom-groups', '--apply');
    expect(applied).toContain('+ {"channel":"wecom","id":"wrNew46","area":"MS020102","title":"王家村4-6组网格群","customerGroup":true}');
    expect(applied).toContain('Written.');
    const org = JSON.parse(fs.readFileSync(orgFile, 'utf8'));
    expect(parseOrgFile(org).ok).toBe(true);
    const wecom = org.chats.filter((c: { channel: string }) => c.channel === 'wecom').map((c: { id: string; area: string }) => `${c.id}:${c.area}`);
    expect(wecom).toEqual(expect.arrayContaining(['wrDemoWangjia13:MS020101', 'wrNew46:MS020102', 'wrLizhuang14:MS020201', 'wrXin:MS0201']));
    expect(wecom.some((c: string) => c.startsWith('wrDance'))).toBe(false);
  }, 60_000);

  it('should show 进群率 in 报表 and keep the counts current on change_external_chat', async () => {
    minhu = await startMinhu({
      DATA_DIR: dataDir, ORG_FILE: orgFile, WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID, WECOM_AGENT_ID: String(APP.agentId),
      WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey, WECOM_KF_ID: KF_ID, WECOM_GROUPS_PER_SECOND: '200',
      ADMIN_TOKEN: 'groups-admin-token-0123456789',
    });
    const base = `http://127.0.0.1:${minhu.port}`;
    let msgId = 7000;
    const report = async () => {
      const mark = fake.delivered.length;
      expect((await postAppCallback(base, { FromUserName: 'liudiaodu', MsgType: 'text', Content: '报表', MsgId: String(++msgId) })).status).toBe(200);
      return (await waitFor('报表', () => fake.delivered.slice(mark).find((d) => d.via === 'message' && d.target === 'liudiaodu' && d.content?.includes('进群率')), 15_000).catch((e) => {
        throw new Error(`${e}\n${JSON.stringify(fake.delivered.slice(mark))}\n${minhu!.logs.join('').slice(-2000)}`);
      })).content;
    };
    // 王家村: 1-3组 3 + 4-6组 4 + the village's own group 1 WeChat users, of 2 × 120 households.
    expect(await report()).toContain('王家村：在群 8/240 户');
    expect(await report()).toContain('李庄村：在群 2/240 户');

    fake.kf.groups.get('wrDemoWangjia13')!.members.push({ userid: 'wmNew1', type: 2 }, { userid: 'wmNew2', type: 2 });
    const gets = fake.kf.groupCalls.get;
    expect((await postChangeExternalChat(base, 'wrDemoWangjia13', 'update', 'add_member', 2)).status).toBe(200);
    await waitFor('groupchat/get again', () => fake.kf.groupCalls.get > gets, 15_000);
    let text = '';
    for (let i = 0; i < 20 && !text.includes('王家村：在群 10/240 户'); i++) text = await report();
    expect(text).toContain('王家村：在群 10/240 户');

    expect((await postChangeExternalChat(base, 'wrXin', 'dismiss')).status).toBe(200);
    text = '';
    for (let i = 0; i < 20 && !text.includes('王家村：在群 9/240 户'); i++) text = await report();
    expect(text).toContain('王家村：在群 9/240 户');

    // The console's month shows the same figures.
    const login = await fetch(`${base}/console/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token: 'groups-admin-token-0123456789' }) });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(`${base}/console/report`, { headers: { cookie } })).text();
    expect(page).toContain('进群率与点单方式');
    expect(page).toContain('<th scope="row">清河镇</th><td>3</td><td>11</td><td>480</td><td>2%</td>');
  }, 90_000);
});
