/**
 * Attack: command numbers were silently cut to 9 digits — `认领 99999999999` acted on
 * #999999999 (issue 11 item 14). The whole number is read; a number no request can have is
 * "not found" by that number; numbers beyond PostgreSQL's integer never reach SQL.
 */
import type { Database } from '../../adapters/db/client';
import { parseCommand } from '../../core/command-grammar';
import { createHarness, texts, type Harness, WORKER, ADMIN } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe('command numbers', () => {
  it('should read the whole number, never a prefix of it', () => {
    expect(parseCommand('认领 99999999999')).toEqual({ ok: true, command: { type: 'claim', id: 99999999999 } });
    expect(parseCommand('认领 1234567890')).toEqual({ ok: true, command: { type: 'claim', id: 1234567890 } });
    expect(parseCommand('合并 12 99999999999')).toEqual({ ok: true, command: { type: 'merge', id: 12, into: 99999999999 } });
    expect(parseCommand('评价 99999999999 满意')).toMatchObject({ ok: true, command: { id: 99999999999 } });
    expect(parseCommand(`查看 ${'9'.repeat(30)}`)).toEqual({ ok: false, error: { code: 'COMMAND.BAD_NUMBER', example: '9'.repeat(30) } });
    expect(parseCommand('认领 ９９９９９９９９９９９')).toEqual({ ok: true, command: { type: 'claim', id: 99999999999 } });
  });
});

describe.each(DB_KINDS)('command numbers through the handler on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());
  const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });

  it('should say not found for exactly the number given', async () => {
    expect(texts(await h.say(WORKER, '认领 99999999999'))).toContain('没有找到 #99999999999');
    expect(texts(await h.say(WORKER, '认领 2147483648'))).toContain('没有找到 #2147483648');
    expect(texts(await h.say(WORKER, `查看 ${'9'.repeat(30)}`))).toContain(`没有找到 #${'9'.repeat(30)}`);
    expect(texts(await h.say(WORKER, '办结 99999999999 已修好'))).toContain('没有找到 #99999999999');
  });

  it('should answer big notice numbers and buttons without touching SQL integers', async () => {
    expect(texts(await h.say(ADMIN, '确认 99999999999', privately(ADMIN)))).toContain('没有找到通知 #99999999999');
    expect(texts(await h.say(ADMIN, '通知状态 99999999999', privately(ADMIN)))).toContain('没有找到通知 #99999999999');
    expect(await h.say({ id: '6801', name: '住户' }, '', { kind: 'button', buttonData: 'ack:99999999999', addressed: true })).toEqual([]);
    expect(h.lastOutcome).toBe('handled');
  });
});
