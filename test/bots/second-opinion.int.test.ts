/**
 * Issue 15: the large-model second opinion on the inbound path (PGlite, demo county, fake endpoint
 * on 127.0.0.1): asked only when the local reading is unsure or possibly urgent, before the
 * transaction; its category and a raised urgency are used; slow or broken, the local reading stands.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import { createLlmClassifier } from '../../adapters/classifier/llm-classifier';
import { createUnderstanding } from '../../adapters/classifier/classifier';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';
import { createHarness, texts, type Harness } from '../support/harness';
import { openTestDatabase } from '../support/test-database';
import { answer, startFakeLlm, type FakeLlm } from '../support/fakes/fake-llm';

describe('second opinion on the inbound path (pglite)', () => {
  let db: Database;
  let h: Harness;
  let llm: FakeLlm;
  const household = { id: '5401', name: '孙建华' };
  const last = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    h = await createHarness(db);
    llm = await startFakeLlm();
    const client = createLlmClassifier({ baseUrl: llm.url, model: 'm', timeoutMs: 400, breakerFailures: 100 });
    h.deps.dialog.classify = createUnderstanding(readOrgFile(DEMO_ORG_FILE).areas);
    h.deps.dialog.askBelow = 0.45;
    h.deps.secondOpinion = (text, names) => client.ask(text, names);
  });
  afterAll(async () => {
    await llm.close();
    await db.close();
  });

  it('should not ask about a confident, ordinary report', async () => {
    await h.say(household, '报事 3组12号门口路灯坏了好几天了');
    expect(llm.requests).toHaveLength(0);
    expect((await last()).category).toBe('municipal');
  });

  it('should take the model\'s category for an unsure reading, and mask the sender\'s name', async () => {
    llm.script.push(answer('housing', 'none'));
    const out = await h.say(household, '报事 3组王家门口有点问题 孙建华 13912345678');
    expect(llm.requests).toHaveLength(1);
    expect(JSON.stringify(llm.requests[0].body)).not.toMatch(/孙建华|13912345678/);
    expect(texts(out)).not.toContain('请问属于哪一类');
    expect((await last()).category).toBe('housing');
  });

  it('should let the model raise a possible danger to urgent, never lower it', async () => {
    llm.script.push(answer('municipal', 'urgent'));
    const out = await h.say(household, '报事 3组村口那东西歪得厉害 下面小孩天天走');
    expect(llm.requests).toHaveLength(2);
    const r = await last();
    expect(r).toMatchObject({ category: 'municipal', urgent: true });
    expect(out.some((m) => m.text.includes('🚨紧急诉求'))).toBe(true);
  });

  it('should keep the local reading when the model is slow', async () => {
    llm.script.push(answer('housing', 'urgent', 3_000));
    const t0 = performance.now();
    const out = await h.say(household, '报事 3组王家门口有点问题 又来了');
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(texts(out)).toContain('请问属于哪一类');
  });
});
