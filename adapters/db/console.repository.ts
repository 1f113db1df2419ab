/** The console's queries on PostgreSQL (issue 17): queue views, search, reporter panel, audit, notices. */
import { and, asc, desc, eq, gte, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Channel, Role } from '../../core/model';
import type { ConsolePort, NoticeRecord } from '../../bots/ports';
import type { Tx } from './requests.repository';
import { viewWhere } from './requests.repository';
import { toRequest } from './request-mapper';
import { rowsOf, subtree } from './sql-helpers';
import { chats, consoleAudit, identities, notices, people, requestEvents, requests } from './schema';

const OPEN = ['submitted', 'claimed', 'answered'];
/** `%`, `_` and `\` taken literally in ILIKE. */
const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createConsoleRepository(tx: Tx): ConsolePort {
  const audit = (where: SQL | undefined, limit: number) => tx.select({ a: consoleAudit, name: people.name }).from(consoleAudit)
    .innerJoin(people, eq(people.id, consoleAudit.personId)).where(where).orderBy(desc(consoleAudit.id)).limit(limit)
    .then((rows) => rows.map(({ a, name }) => ({ id: a.id, personId: a.personId, personName: name, requestId: a.requestId, action: a.action, via: a.via, at: a.at.getTime() })));
  return {
    async recentNotices(limit) {
      const rows = await tx.select().from(notices).orderBy(desc(notices.id)).limit(limit);
      return rows.map((r) => ({
        id: r.id, issuerId: r.issuerId, issuerUnit: r.issuerUnit, scope: r.scope, text: r.text, requiresAck: r.requiresAck,
        scheduledAt: r.scheduledAt ? r.scheduledAt.getTime() : null, status: r.status as NoticeRecord['status'], groups: r.groups, createdAt: r.createdAt.getTime(),
      }));
    },
    async inView(view, statuses, limit) {
      const rows = await tx.select().from(requests).where(and(inArray(requests.status, [...statuses]), viewWhere(view))).orderBy(asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async coUnitOf(department, limit) {
      const rows = await tx.select().from(requests)
        .where(and(inArray(requests.status, OPEN), sql`${requests.coUnits} @> ${JSON.stringify([{ department }])}::jsonb`)).orderBy(asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async search(c) {
      const conditions: (SQL | undefined)[] = [viewWhere(c.view), ne(requests.status, 'merged')];
      if (c.id !== null) conditions.push(eq(requests.id, c.id));
      for (const word of c.words) conditions.push(or(ilike(requests.detail, like(word)), ilike(requests.place, like(word)), ilike(requests.originName, like(word))));
      if (c.phoneDigits) {
        // Digits as written anywhere in the stored phone or the text (138-1234-5678, 138 1234 5678 …).
        const digits = (col: SQL) => sql`regexp_replace(${col}, '[^0-9]', '', 'g')`;
        conditions.push(or(sql`${digits(sql`coalesce(${requests.phone}, '')`)} like ${like(c.phoneDigits)}`, sql`${digits(sql`${requests.detail}`)} like ${like(c.phoneDigits)}`));
      }
      if (c.from !== null) conditions.push(gte(requests.createdAt, new Date(c.from)));
      if (c.to !== null) conditions.push(lt(requests.createdAt, new Date(c.to)));
      const rows = await tx.select().from(requests).where(and(...conditions)).orderBy(desc(requests.id)).limit(c.limit);
      return rows.map(toRequest);
    },
    async raisedIn(root, from, to, category, limit) {
      const rows = await tx.select().from(requests).where(and(sql`${requests.areaCode} in (${subtree(root)})`, gte(requests.createdAt, new Date(from)), lt(requests.createdAt, new Date(to)),
        ne(requests.status, 'merged'), category ? eq(requests.category, category) : undefined)).orderBy(desc(requests.id)).limit(limit);
      return rows.map(toRequest);
    },
    async latestChange() {
      const [row] = await tx.select({ id: sql<number>`coalesce(max(${requestEvents.id}), 0)` }).from(requestEvents);
      return Number(row.id);
    },
    async reporter(personId) {
      const [p] = await tx.select().from(people).where(eq(people.id, personId));
      if (!p) return null;
      const ids = await tx.select().from(identities).where(eq(identities.personId, personId));
      return { personId, name: p.name, phone: p.phone, areaCode: p.areaCode, identities: ids.map((i) => ({ channel: i.channel as Channel, externalId: i.externalId })) };
    },
    async chatTitle(channel, chatId) {
      const [row] = await tx.select({ title: chats.title }).from(chats).where(and(eq(chats.channel, channel), eq(chats.externalId, chatId)));
      return row?.title ?? null;
    },
    async chatTitles(list) {
      const out = new Map<string, string>();
      if (list.length === 0) return out;
      const rows = rowsOf<{ channel: string; external_id: string; title: string | null }>(await tx.execute(sql`
        select c.channel, c.external_id, c.title from chats c
        join (select unnest(${`{${list.map((x) => `"${x.channel.replace(/"/g, '')}"`).join(',')}}`}::text[]) as channel,
                     unnest(${`{${list.map((x) => `"${x.chatId.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`}::text[]) as chat_id) w
          on w.channel = c.channel and w.chat_id = c.external_id`));
      for (const r of rows) if (r.title) out.set(`${r.channel}:${r.external_id}`, r.title);
      return out;
    },
    async recordUnmask(personId, requestId, via, at) {
      await tx.insert(consoleAudit).values({ personId, requestId, action: 'unmask', via, at: new Date(at) });
    },
    auditOf: (requestId, limit) => audit(eq(consoleAudit.requestId, requestId), limit),
    auditWithin: (root, limit) => audit(sql`${consoleAudit.requestId} in (select id from requests where area_code in (${subtree(root)}))`, limit),
    async hotAreas(root, from, to, limit) {
      const rows = rowsOf<{ area: string; resolved: boolean; category: string; n: number }>(await tx.execute(sql`
        select coalesce(place_area, area_code) as area, place_area is not null as resolved, category, count(*)::int as n from requests
        where created_at >= ${new Date(from)} and created_at < ${new Date(to)} and status <> 'merged' and sensitive = false and area_code in (${subtree(root)})
        group by 1, 2, 3 order by n desc, 1 limit ${limit}`));
      return rows.map((r) => ({ areaCode: r.area, resolved: Boolean(r.resolved), category: r.category, count: Number(r.n) }));
    },
    async staff() {
      const rows = await tx.select().from(people).where(ne(people.role, 'household')).orderBy(asc(people.id));
      return rows.map((p) => ({ personId: p.id, name: p.name, role: p.role as Role, areaCode: p.areaCode, departmentCode: p.departmentCode }));
    },
  };
}
