/**
 * Issue 16: the Prometheus metrics — what the use cases report lands in the right series, the
 * outbox depth and age come from the database at scrape time, and the logger carries the ids
 * of the message being handled.
 */
import { sql } from 'drizzle-orm';
import Transport from 'winston-transport';
import { openDatabase, type Database } from '../../adapters/db/client';
import { outboxDepth } from '../../adapters/db/outbox.repository';
import { addLogContext, createLogger, withLogContext } from '../../adapters/logger';
import { createMetrics } from '../../adapters/metrics/metrics';

describe('metrics (issue 16)', () => {
  let database: Database;
  const queries: number[] = [];
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://', onQuery: (s) => queries.push(s) });
  });
  afterAll(() => database.close());

  it('should count inbound outcomes, requests, questions, sends by code, ticks and leases', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.observer.inbound({ channel: 'wecom', messageId: 'a', outcome: 'handled', created: [7], updated: [], asked: 0, seconds: 0.004 });
    m.observer.inbound({ channel: 'wecom', messageId: 'b', outcome: 'handled', created: [], updated: [], asked: 1, seconds: 0.002 });
    m.observer.inbound({ channel: 'telegram', messageId: 'c', outcome: 'duplicate', created: [], updated: [], asked: 0, seconds: 0.001 });
    m.observer.sent('telegram', true, undefined, 0.01);
    m.observer.sent('telegram', false, '429', 0.01);
    m.observer.sent('wecom', false, '45009');
    m.observer.slaTick(0.05, 12, false);
    m.observer.slaTick(0, 0, true);
    m.observer.lease('telegram', true);
    m.observer.classified(0.0003);
    const text = await m.registry.metrics();
    expect(text).toContain('minhu_inbound_messages_total{channel="wecom",outcome="handled"} 2');
    expect(text).toContain('minhu_inbound_messages_total{channel="telegram",outcome="duplicate"} 1');
    expect(text).toContain('minhu_requests_registered_total{channel="wecom"} 1');
    expect(text).toContain('minhu_dialog_questions_total{channel="wecom"} 1');
    expect(text).toContain('minhu_sends_total{channel="telegram"} 2');
    expect(text).toContain('minhu_send_failures_total{channel="telegram",code="429"} 1');
    expect(text).toContain('minhu_send_failures_total{channel="wecom",code="45009"} 1');
    expect(text).toContain('minhu_sla_reminders_total 12');
    expect(text).toContain('minhu_sla_ticks_total{result="skipped"} 1');
    expect(text).toContain('minhu_sla_tick_seconds_count 1');
    expect(text).toContain('minhu_leases_held{lease="telegram"} 1');
    expect(text).toContain('minhu_classifier_seconds_count 1');
  });

  it('should read the outbox depth and oldest age per channel from the database at each scrape, and time statements', async () => {
    await database.db.execute(sql`insert into outbox (channel, chat_id, message, created_at) values
      ('telegram', '-1', '{"channel":"telegram","chatId":"-1","text":"a"}', now() - interval '90 seconds'),
      ('telegram', '-2', '{"channel":"telegram","chatId":"-2","text":"b"}', now()),
      ('wecom', 'g', '{"channel":"wecom","chatId":"g","text":"c"}', now() - interval '5 seconds')`);
    const m = createMetrics({ defaultMetrics: false });
    m.setSources({ outboxDepth: () => outboxDepth(database.db), pool: () => ({ total: 3, idle: 2, waiting: 0 }) });
    const text = await m.registry.metrics();
    expect(text).toContain('minhu_outbox_depth{channel="telegram"} 2');
    expect(text).toContain('minhu_outbox_depth{channel="wecom"} 1');
    const age = Number(/minhu_outbox_oldest_seconds\{channel="telegram"\} ([\d.]+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(200);
    expect(text).toContain('minhu_db_pool_connections{state="idle"} 2');
    await database.db.execute(sql`update outbox set status = 'sent' where channel = 'wecom'`);
    expect(await m.registry.metrics()).not.toContain('minhu_outbox_depth{channel="wecom"}');
    expect(queries.length).toBeGreaterThan(0);
  });

  it('should put the ids of the message being handled on every line, in JSON', async () => {
    const lines: Record<string, unknown>[] = [];
    class Collect extends Transport {
      override log(info: Record<string, unknown>, next: () => void) {
        lines.push(JSON.parse(String((info as Record<symbol, unknown>)[Symbol.for('message')])));
        next();
      }
    }
    const log = createLogger('info', true, new Collect());
    await withLogContext({ channel: 'wecom', messageId: 'm-1' }, async () => {
      log.info('first');
      await new Promise((r) => setTimeout(r, 5));
      addLogContext({ requestId: 12 });
      log.warn('second', { extra: 1 });
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ message: 'first', channel: 'wecom', messageId: 'm-1', level: 'info' });
    expect(lines[1]).toMatchObject({ message: 'second', messageId: 'm-1', requestId: 12, extra: 1 });
    expect(lines[2].messageId).toBeUndefined();
  });
});
