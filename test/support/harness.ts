/**
 * Runs the use cases on a real database with the demo county, and reads back what they
 * queued — the level below the channels, for tests that need no fake server.
 */
import { asc, gt, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { outbox } from '../../adapters/db/schema';
import { storesFor } from '../../adapters/db/stores';
import { renderReportChart } from '../../adapters/charts/report-chart';
import { renderPetitionPdf } from '../../adapters/documents/petition-pdf';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import type { InboundMessage, OutboundMessage } from '../../core/model';
import type { OrgFile } from '../../core/org-file';
import { createBotDeps, type BotDeps } from '../../bots/deps';
import { handleInbound, type InboundOutcome } from '../../bots/inbound/handle-inbound';
import type { FloodLimits } from '../../bots/guard/flood-guard';

export const GRID_CHAT = '-1001';
export const OTHER_GRID_CHAT = '-1002';
export const WORKER = { id: '9001', name: '张网格' };
export const OTHER_WORKER = { id: '9003', name: '赵网格' };
export const ADMIN = { id: '9040', name: '郑管理' };

export interface Harness {
  deps: BotDeps;
  clock: { t: number };
  /** Sends a message as `from` and returns what minhu queued in reply. */
  say(from: { id: string; name: string }, text: string, extra?: Partial<InboundMessage>): Promise<OutboundMessage[]>;
  lastOutcome: InboundOutcome | null;
}

let seq = 0;

/**
 * The harness compresses whole conversations into seconds of simulated time (one per message),
 * so by default the flood defence is opened wide; test/attack/flood.test.ts passes the real limits.
 */
export const NO_FLOOD_LIMITS: FloodLimits = { senderPerMinute: 1e9, senderPerHour: 1e9, chatPerMinute: 1e9, repeatMs: 0, urgentPerHour: 1e9 };

/** Imports the demo org into `db` and returns a harness on it. */
export async function createHarness(db: Database, options: { flood?: Partial<FloodLimits>; org?: OrgFile } = {}): Promise<Harness> {
  const org = options.org ?? readOrgFile(DEMO_ORG_FILE);
  await importOrg(db.db, org);
  const clock = { t: Date.UTC(2026, 10, 24, 2, 0) };
  const deps = createBotDeps({ ...storesFor(db.db), renderChart: renderReportChart, org, clock: { now: () => clock.t }, flood: options.flood ?? NO_FLOOD_LIMITS, renderDocument: renderPetitionPdf });
  const harness: Harness = {
    deps,
    clock,
    lastOutcome: null,
    async say(from, text, extra = {}) {
      const [{ max }] = await db.db.select({ max: sql<number>`coalesce(max(${outbox.id}), 0)::int` }).from(outbox);
      seq += 1;
      const msg: InboundMessage = {
        channel: 'telegram', messageId: `h${process.pid}-${seq}`, chatId: GRID_CHAT, chatType: 'group', senderId: from.id, senderName: from.name,
        text, addressed: false, sourceMessageId: String(1000 + seq), replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: clock.t, ...extra,
      };
      clock.t += 1000;
      harness.lastOutcome = await handleInbound(deps, msg);
      const rows = await db.db.select().from(outbox).where(gt(outbox.id, max)).orderBy(asc(outbox.id));
      return rows.map((r) => r.message as OutboundMessage);
    },
  };
  return harness;
}

/** All texts of the messages, joined, for `toContain` checks. */
export const texts = (out: OutboundMessage[]): string => out.map((m) => m.text).join('\n');
