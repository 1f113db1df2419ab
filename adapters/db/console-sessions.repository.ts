/** Console sessions on PostgreSQL (`console_tokens`, `identities`, `people`): tokens kept only as hashes. */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { ConsoleSessionsPort } from '../../bots/ports';
import { toActor } from './people.repository';
import type { Tx } from './requests.repository';
import { consoleTokens, identities, people } from './schema';

export function createConsoleSessionsRepository(tx: Tx): ConsoleSessionsPort {
  return {
    async redeemLink(tokenHash, now) {
      const [row] = await tx.update(consoleTokens).set({ usedAt: new Date(now) })
        .where(and(eq(consoleTokens.tokenHash, tokenHash), eq(consoleTokens.kind, 'login'), isNull(consoleTokens.usedAt), gt(consoleTokens.expiresAt, new Date(now))))
        .returning({ personId: consoleTokens.personId });
      return row?.personId ?? null;
    },
    async firstAdmin() {
      const [admin] = await tx.select({ id: people.id }).from(people).where(eq(people.role, 'admin')).orderBy(asc(people.areaCode), asc(people.id)).limit(1);
      return admin?.id ?? null;
    },
    async start(personId, tokenHash, csrf, expiresAt, now) {
      // Staff act through the same chat path as everywhere: make sure they have a web identity.
      await tx.insert(identities).values({ channel: 'web', externalId: `p${personId}`, personId }).onConflictDoNothing();
      await tx.insert(consoleTokens).values({ tokenHash, kind: 'session', personId, csrf, expiresAt: new Date(expiresAt) });
      await tx.delete(consoleTokens).where(sql`${consoleTokens.expiresAt} < ${new Date(now - 86_400_000)}`);
    },
    async find(tokenHash, now) {
      const [row] = await tx.select({ csrf: consoleTokens.csrf, person: people, webId: identities.externalId })
        .from(consoleTokens).innerJoin(people, eq(people.id, consoleTokens.personId))
        .leftJoin(identities, and(eq(identities.personId, people.id), eq(identities.channel, 'web')))
        .where(and(eq(consoleTokens.tokenHash, tokenHash), eq(consoleTokens.kind, 'session'), gt(consoleTokens.expiresAt, new Date(now))))
        .limit(1);
      if (!row?.webId || !row.csrf || row.person.role === 'household') return null;
      return { actor: toActor(row.person), webId: row.webId, csrf: row.csrf };
    },
    async end(tokenHash) {
      await tx.delete(consoleTokens).where(eq(consoleTokens.tokenHash, tokenHash));
    },
  };
}
