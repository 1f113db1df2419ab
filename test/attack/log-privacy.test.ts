/**
 * Attack: household text in error logs (issue 11 item 14). A failed query's error carries its
 * bound values (`params: 电话138…`); the logger withholds them, keeping the query, the
 * database's reason and the stack.
 */
import { Writable } from 'node:stream';
import winston from 'winston';
import { openTestDatabase } from '../support/test-database';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger, withholdParams } from '../../adapters/logger';
import { webMessages } from '../../adapters/db/schema';

describe('no household text in logs', () => {
  it('should withhold the params of a failed query, in every log field and format', async () => {
    const db = await openTestDatabase('pglite');
    let error: unknown;
    try {
      // NUL cannot be stored: a real failed query with a household's words in its params.
      await db.db.insert(webMessages).values({ chatId: 'c', senderId: 'h', senderName: '王大妈', text: '家暴 电话13812345678 \u0000' });
    } catch (e) {
      error = e;
    } finally {
      await db.close();
    }
    expect(String((error as Error)?.message)).toContain('13812345678'); // what reached the logs before
    for (const production of [true, false]) {
      const lines: string[] = [];
      const sink = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
      const log = createLogger('info', production, sink);
      log.error('request failed', { error: String((error as Error).stack ?? error) });
      log.error(`handling failed: ${String(error)}`);
      await new Promise((r) => setImmediate(r));
      const out = lines.join('');
      expect(out).toContain('Failed query');
      expect(out).toContain('params: (withheld)');
      expect(out).not.toContain('13812345678');
      expect(out).not.toContain('家暴');
    }
  });

  it('should keep the stack after the withheld params', () => {
    const text = 'Error: Failed query: insert into x values ($1)\nparams: 王大妈,电话13812345678\n第二行\n    at foo (a.ts:1:1)\n    at bar (b.ts:2:2)';
    expect(withholdParams(text)).toBe('Error: Failed query: insert into x values ($1)\nparams: (withheld)\n    at foo (a.ts:1:1)\n    at bar (b.ts:2:2)');
  });

  it('should log a malformed body by its kind, not by the words it quotes', async () => {
    const lines: string[] = [];
    const sink = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const app = createHttpApp({ ping: async () => undefined, telegramWebhook: async (_req, res) => void res.sendStatus(200), log: createLogger('info', true, sink) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"update_id": 1, "text": 家暴 电话13812345678}' });
      expect(res.status).toBe(400);
      await new Promise((r) => setImmediate(r));
      expect(lines.join('')).toContain('entity.parse.failed');
      expect(lines.join('')).not.toContain('家暴');
    } finally {
      server.close();
    }
  });
});
