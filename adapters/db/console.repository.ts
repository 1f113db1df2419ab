/** The console's queries on PostgreSQL (issue 17): queue views, search, reporter panel, audit, notices. */
import { desc } from 'drizzle-orm';
import type { ConsolePort, NoticeRecord } from '../../bots/ports';
import type { Tx } from './requests.repository';
import { notices } from './schema';

export function createConsoleRepository(tx: Tx): ConsolePort {
  return {
    async recentNotices(limit) {
      const rows = await tx.select().from(notices).orderBy(desc(notices.id)).limit(limit);
      return rows.map((r) => ({
        id: r.id, issuerId: r.issuerId, issuerUnit: r.issuerUnit, scope: r.scope, text: r.text, requiresAck: r.requiresAck,
        scheduledAt: r.scheduledAt ? r.scheduledAt.getTime() : null, status: r.status as NoticeRecord['status'], groups: r.groups, createdAt: r.createdAt.getTime(),
      }));
    },
  };
}
