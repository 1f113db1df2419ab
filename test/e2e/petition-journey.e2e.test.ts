/**
 * Issue 18 end to end: the whole minhu process against a fake Bot API. A household books a
 * reception, the township leader records the visit (a 来访 petition), accepts it — the household
 * gets the 受理告知书 as a PDF file — the statutory handling clock runs (scaled: `handleDays` of a
 * few seconds, reminded at 80 % in the township's group), is extended with a reason, passes its
 * original deadline without a breach, and closes with 化解 and the rating prompt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ORG_FILE } from '../../adapters/org/org-import';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = -1001;
const HOUSEHOLD = { id: 5701, name: '祁大妈' };
const LEADER = { id: 9010, name: '刘调度' };
const privateText = (from: { id: number; name: string }, text: string, id: number) => ({
  message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.name }, from: { id: from.id, is_bot: false, first_name: from.name }, text },
});

describe('信访 journey: booking → visit → 受理告知书 → 60 days with an extension → 化解', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-petition-'));
    const org = JSON.parse(fs.readFileSync(DEMO_ORG_FILE, 'utf8'));
    // 清河镇 receives every day (so a session is always ahead); the handling limit is scaled to 4.3 s.
    org.reception = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ unit: 'MS02', weekday, host: '刘调度', from: '00:00', to: '23:59', capacity: 5, place: '清河镇综治中心' }));
    org.petitions = { handleDays: 0.00005, acceptDays: 15 };
    fs.writeFileSync(path.join(dir, 'org.json'), JSON.stringify(org));
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: path.join(dir, 'data'), ORG_FILE: path.join(dir, 'org.json'), SCHEDULE_SLA_TICK: '* * * * * *' });
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sentTo = (chat: number | string, re: RegExp) => fake.sent.find((m) => m.chat_id === String(chat) && re.test(m.text));

  it('should carry a petition from the reception to its 化解', async () => {
    fake.push(groupText(GROUP, HOUSEHOLD, '预约接访'));
    await waitFor('the list', () => sentTo(GROUP, /可以预约的接访/), 20_000);
    fake.push(groupText(GROUP, HOUSEHOLD, '预约接访 1'));
    const booked = await waitFor('the booking', () => sentTo(GROUP, /已为您预约/), 20_000);
    const booking = /预约号 (B\d+)/.exec(booked.text)![1];

    fake.push(privateText(LEADER, `接访记录 ${booking} 反映丈夫在工地受伤，工伤赔偿没有落实 结果：已约人社局核实 新建`, 11));
    const recorded = await waitFor('the visit record', () => sentTo(LEADER.id, /已记录接访/), 20_000);
    const id = /诉求 #(\d+)/.exec(recorded.text)![1];
    await waitFor('the household hears', () => sentTo(GROUP, /感谢您来访/));

    fake.push(privateText(LEADER, `受理 ${id}`, 12));
    const pdf = await waitFor('the 受理告知书 as a file', () => fake.documents.find((d) => d.chat_id === String(HOUSEHOLD.id)), 20_000);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.caption).toMatch(/信访事项受理告知书（明信告〔\d{4}〕1号）：http:\/\/localhost:\d+\/documents\/[\w-]+/);
    // The link opens the same PDF.
    const url = /(http:\/\/localhost:\d+\/documents\/[\w-]+)/.exec(pdf.caption)![1];
    const opened = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(opened.equals(pdf.bytes)).toBe(true);
    expect((await fetch(`${url}x`)).status).toBe(404);

    // 80 % of the (scaled) handling limit: the township's office group is reminded, not the household group.
    await waitFor('the handling warning', () => sentTo(-1101, new RegExp(`信访事项 #${id}.*\\n将于.*办结答复`)), 20_000);
    expect(sentTo(GROUP, /办结答复/)).toBeUndefined();
    fake.push(privateText(LEADER, `延期 ${id} 1 需要人社、住建现场核实`, 13));
    await waitFor('the extension', () => sentTo(LEADER.id, /办理期限已延长1天/), 20_000);
    await waitFor('the 延期办理告知书', () => fake.documents.find((d) => /延期办理告知书/.test(d.caption)), 20_000);
    // Past the original deadline (4.3 s after acceptance) the extension holds: no breach.
    await new Promise((r) => setTimeout(r, 3000));
    expect(fake.sent.find((m) => /已超过办结答复法定期限/.test(m.text))).toBeUndefined();

    fake.push(privateText(LEADER, `化解 ${id} 双方签订赔偿协议，企业一次性赔付6万元`, 14));
    await waitFor('化解 to the household', () => sentTo(GROUP, new RegExp(`#${id} 已化解`)), 20_000);
    await waitFor('the rating prompt', () => sentTo(GROUP, new RegExp(`请为 #${id} 的办理结果评价`)), 20_000);
  });
});
