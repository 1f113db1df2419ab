/**
 * The reach port on PostgreSQL (issue 12): customer groups and their member counts, 进群率 per
 * area (WeChat users in the customer groups bound to an area and below it, against the org file's
 * households), and requests by how they came in (registered_by set: 代报).
 */
import { sql } from 'drizzle-orm';
import type { ReachPort } from '../../bots/ports/reach';
import { toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { rowsOf, subtree } from './sql-helpers';

export function createReachRepository(tx: Tx): ReachPort {
  return {
    async saveGroup(g) {
      await tx.execute(sql`
        insert into wecom_groups (chat_id, name, owner, corp_members, external_members, dismissed, stale, synced_at, changed_at)
        values (${g.chatId}, ${toStorableText(g.name)}, ${g.owner}, ${g.corpMembers}, ${g.externalMembers}, false, false, now(), now())
        on conflict (chat_id) do update set name = excluded.name, owner = excluded.owner, corp_members = excluded.corp_members,
          external_members = excluded.external_members, dismissed = false, stale = false, synced_at = now()`);
    },
    async markStale(chatId) {
      await tx.execute(sql`
        insert into wecom_groups (chat_id, stale, changed_at) values (${chatId}, true, now())
        on conflict (chat_id) do update set stale = not wecom_groups.dismissed, changed_at = now()`);
    },
    async dismiss(chatId) {
      await tx.execute(sql`
        insert into wecom_groups (chat_id, dismissed, changed_at) values (${chatId}, true, now())
        on conflict (chat_id) do update set dismissed = true, stale = false, corp_members = 0, external_members = 0, changed_at = now()`);
    },
    async staleGroups(limit) {
      const result = await tx.execute(sql`select chat_id from wecom_groups where stale order by changed_at limit ${limit}`);
      return rowsOf<{ chat_id: string }>(result).map((r) => r.chat_id);
    },
    async coverage(root) {
      // Each area of the root's subtree with its own bound groups; then summed up to the root and its children.
      const result = await tx.execute(sql`
        with recursive sub(code, parent, top) as (
          select a.code, a.parent_code, a.code from areas a where a.code = ${root}
          union all
          select a.code, a.parent_code, case when sub.code = ${root} then a.code else sub.top end
          from areas a join sub on a.parent_code = sub.code),
        own as (
          select s.code, s.top, a.households,
            (select count(*) from chats c join wecom_groups g on g.chat_id = c.external_id and not g.dismissed
              where c.channel = 'wecom' and c.area_code = s.code)::int as groups,
            (select coalesce(sum(g.external_members), 0) from chats c join wecom_groups g on g.chat_id = c.external_id and not g.dismissed
              where c.channel = 'wecom' and c.area_code = s.code)::int as in_groups
          from sub s join areas a on a.code = s.code)
        select ${root}::text as area_code, sum(groups)::int as groups, sum(in_groups)::int as in_groups,
          case when count(households) = 0 then null else sum(households)::int end as households, 0 as ord
        from own
        union all
        select top, sum(groups)::int, sum(in_groups)::int, case when count(households) = 0 then null else sum(households)::int end, 1
        from own where top <> ${root} group by top
        order by ord, area_code`);
      return rowsOf<{ area_code: string; groups: number; in_groups: number; households: number | null }>(result)
        .map((r) => ({ areaCode: r.area_code, groups: Number(r.groups), inGroups: Number(r.in_groups), households: r.households === null ? null : Number(r.households) }));
    },
    async intakeMix(root, from, to) {
      const result = await tx.execute(sql`
        select count(*) filter (where registered_by is null)::int as online, count(*) filter (where registered_by is not null)::int as offline
        from requests where created_at >= ${new Date(from)} and created_at < ${new Date(to)} and status <> 'merged' and area_code in (${subtree(root)})`);
      const row = rowsOf<{ online: number; offline: number }>(result)[0];
      return { online: Number(row?.online ?? 0), offline: Number(row?.offline ?? 0) };
    },
  };
}
