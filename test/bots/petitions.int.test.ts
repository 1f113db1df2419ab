/**
 * Issue 18 on a real database (PGlite and PostgreSQL): the 信访 track beside the service request —
 * 转信访, 受理 with its numbered PDF, the statutory reminders, 延期, 处理意见, 复查, 化解 with the
 * household's agreement, 不予受理 with its legal route, 重复 / 集体, numbers that never repeat.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { petitionDocuments, petitions, requests } from '../../adapters/db/schema';
import { runPetitionTick } from '../../bots/petitions/petition-tick';
import { runSlaTick } from '../../bots/watch/sla-tick';
import { createStore } from '../../adapters/db/store';
import { createHarness, texts, type Harness } from '../support/harness';
import { COUNTY_DISPATCHER, petitionsOrg, TOWNSHIP_DISPATCHER } from '../support/fixtures/petitions-org';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const DAY = 86_400_000;
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });

describe.each(DB_KINDS)('信访 track on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db, { org: petitionsOrg() });
  });
  afterAll(() => db.close());

  const lastId = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0].id;
  const petition = async (id: number) => (await db.db.select().from(petitions).where(eq(petitions.requestId, id)))[0];
  const staff = (text: string, who = TOWNSHIP_DISPATCHER) => h.say(who, text, privately(who));

  it('should follow the statutory clock from 转信访 to 化解, with its documents', async () => {
    await h.say({ id: '5801', name: '马大姐' }, '报事 3组12号，在镇上工地干活，老板拖欠工资三个月了');
    const id = await lastId();
    const converted = await staff(`转信访 ${id}`);
    expect(texts(converted)).toContain('已转为信访事项（初次信访）');
    // The service clock stops: no SLA check any more; the statutory one is set.
    const row = (await db.db.select().from(requests).where(eq(requests.id, id)))[0];
    expect([row.track, row.slaCheckAt]).toEqual(['petition', null]);
    expect((await petition(id)).checkAt).not.toBeNull();

    const accepted = await staff(`受理 ${id}`);
    expect(texts(accepted)).toContain(`#${id} 已受理`);
    const doc = accepted.find((m) => m.document);
    expect(doc).toMatchObject({ channel: 'telegram', chatId: '5801' }); // privately, never in the group
    expect(doc!.text).toMatch(/信访事项受理告知书（明信告〔\d{4}〕1号）：.*\/documents\//);
    const [stored] = await db.db.select().from(petitionDocuments).where(eq(petitionDocuments.requestId, id));
    const blob = await db.db.execute(sql`select mime, substr(bytes, 1, 5) as head from blobs where sha256 = ${stored.blobSha}`);
    expect((blob as unknown as { rows: { mime: string; head: Buffer }[] }).rows[0].mime).toBe('application/pdf');
    expect(Buffer.from((blob as unknown as { rows: { head: Buffer }[] }).rows[0].head).toString()).toBe('%PDF-');
    expect(accepted.some((m) => m.chatId === '-1001' && /已受理/.test(m.text))).toBe(true);

    // 80 % of 60 days: one warning to the township's group; the service SLA tick says nothing.
    const start = h.clock.t;
    h.clock.t = start + 49 * DAY;
    await runSlaTick(h.deps);
    await runPetitionTick(h.deps);
    const warned = await db.db.execute(sql`select message->>'text' as text, chat_id from outbox where dedupe_key like ${`petition:${id}:handle:0:warn@%`}`);
    const warnRows = (warned as unknown as { rows: { text: string; chat_id: string }[] }).rows;
    expect(warnRows.map((r) => r.chat_id)).toContain('-1101');
    expect(warnRows.every((r) => r.chat_id !== '-1001')).toBe(true);
    expect(warnRows[0].text).toContain('办结答复');
    const before = (await db.db.execute(sql`select count(*)::int as n from outbox`)) as unknown as { rows: { n: number }[] };
    await runPetitionTick(h.deps);
    const after = (await db.db.execute(sql`select count(*)::int as n from outbox`)) as unknown as { rows: { n: number }[] };
    expect(after.rows[0].n).toBe(before.rows[0].n);

    expect(texts(await staff(`延期 ${id} 31 需要多部门核实`))).toContain('延期最长30天');
    const extended = await staff(`延期 ${id} 30 需要人社、住建现场核实`);
    expect(texts(extended)).toContain('办理期限已延长30天');
    expect(extended.find((m) => m.document)?.text).toContain('延期办理告知书（明信告');
    expect(texts(await staff(`延期 ${id} 5 再延`))).toContain('已经延期过一次');
    const p = await petition(id);
    expect(p.handleDueAt!.getTime()).toBe(p.decidedAt!.getTime() + 90 * DAY);

    h.clock.t = start + 61 * DAY; // past 60 days: no breach, the extension holds
    await runPetitionTick(h.deps);
    const breach = await db.db.execute(sql`select count(*)::int as n from outbox where dedupe_key like ${`petition:${id}:handle:%:breach%`}`);
    expect((breach as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);

    expect(texts(await staff(`办结 ${id} 已处理`))).toContain('请用“处理意见');
    const answered = await staff(`处理意见 ${id} 经核实，已责令企业于本月底前付清工资`);
    expect(answered.find((m) => m.document)?.text).toContain('信访事项处理意见书（明信处');
    expect(texts(answered)).toContain(`申请复查 ${id}`);
    const review = await h.say({ id: '5801', name: '马大姐' }, `申请复查 ${id}`);
    expect(texts(review)).toContain('信访人已请求复查');
    const reviewed = await staff(`复查意见 ${id} 维持原处理意见，并督促企业限期支付`, COUNTY_DISPATCHER);
    expect(reviewed.find((m) => m.document)?.text).toContain('复查意见书（明信复');

    expect(texts(await staff(`化解 ${id}`))).toContain('请写明化解协议的内容');
    const resolved = await staff(`化解 ${id} 双方签订协议，企业当场补发工资8000元`);
    expect(texts(resolved)).toContain(`#${id} 已化解`);
    expect(resolved.some((m) => m.ref === `rate:${id}`)).toBe(true);
    const done = await petition(id);
    expect([done.status, done.agreement]).toEqual(['resolved', '双方签订协议，企业当场补发工资8000元']);
    expect((await db.db.select().from(requests).where(eq(requests.id, id)))[0].status).toBe('resolved');
    const timeline = (await db.db.execute(sql`select type from request_events where request_id = ${id} order by id`)) as unknown as { rows: { type: string }[] };
    expect(timeline.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['submitted', 'petition_registered', 'petition_accepted', 'petition_document', 'petition_extended', 'petition_answered', 'petition_review_requested', 'petition_reviewed', 'petition_resolved']));
  });

  it('should refuse with the 不予受理告知书 and its legal route, and breach the 15-day limit otherwise', async () => {
    await h.say({ id: '5802', name: '牛大爷' }, '报事 2组5号，法院判决的宅基地纠纷我不服');
    const id = await lastId();
    await staff(`转信访 ${id}`);
    const refused = await staff(`不予受理 ${id} 属于法院已判决事项`);
    expect(refused.find((m) => m.document)?.text).toContain('不予受理告知书（明信告');
    expect(texts(refused)).toContain('里面写明了可以走的途径');
    expect((await petition(id)).status).toBe('not_accepted');

    await h.say({ id: '5803', name: '羊大婶' }, '报事 1组8号，家里的低保停发了');
    const late = await lastId();
    await staff(`转信访 ${late}`);
    h.clock.t += 16 * DAY;
    await runPetitionTick(h.deps);
    const rows = (await db.db.execute(sql`select message->>'text' as text from outbox where dedupe_key like ${`petition:${late}:accept:0:breach:%`}`)) as unknown as { rows: { text: string }[] };
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows[0].text).toContain('已超过受理告知法定期限');
    expect((await petition(late)).breachCount).toBe(1);
  });

  it('should mark 重复 within 12 months with links, and 集体 at five households', async () => {
    await h.say({ id: '5801', name: '马大姐' }, '报事 3组12号，拖欠的工资还是没有发');
    const again = await lastId();
    const converted = await staff(`转信访 ${again}`);
    expect(texts(converted)).toMatch(/重复信访，此前：#\d+/);
    expect((await petition(again)).repeatOf.length).toBe(1);

    await h.say({ id: '5810', name: '村民甲' }, '报事 2组路口，村里的机耕路被占了');
    const group = await lastId();
    const collective = await staff(`转信访 ${group} 来访 6人`);
    expect(texts(collective)).toContain('集体访，6人');
    const p = await petition(group);
    expect([p.collective, p.households, p.channel]).toEqual([true, 6, 'visit']);
  });

  it('should hand out document numbers that never repeat, across concurrent transactions', async () => {
    const store = createStore(db.db);
    const seqs = await Promise.all(Array.from({ length: 12 }, () => store.transaction((tx) => tx.petitions.nextDocumentSeq('MS', 2031, '告'))));
    expect(new Set(seqs).size).toBe(12);
    expect(Math.max(...seqs)).toBe(12);
  });
});
