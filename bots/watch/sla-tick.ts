/**
 * The SLA tick: finds requests whose reminder time has come (an indexed query), asks core
 * which reminders are due, and queues them to the owner's group — mentioning the assignee —
 * with one dedupe key per reminder and chat, so no reminder goes out twice, whatever the
 * number of processes, restarts or late ticks. The third breach alerts the supervisors.
 * One process runs a tick at a time (a PostgreSQL advisory lock).
 */
import type { CitizenRequest, OutboundMessage, Queue } from '../../core/model';
import { queueKey, queueName } from '../../core/queue';
import { categoryName } from '../../core/request-messages';
import { ALERT_AFTER_BREACHES, dueReminders, nextReminderAt, type Reminder } from '../../core/sla-policy';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { safeSummary } from '../desk-views';
import { privateChat, toQueue } from '../notify';
import type { ChatBinding, StoreTx } from '../ports';

/** Advisory-lock key of the SLA tick. */
export const SLA_LOCK = 7_040_101;

export interface TickResult {
  skipped: boolean;
  examined: number;
  queued: number;
}

/** Runs one tick at the deps' clock. Handles up to `batch` due requests per call. */
export async function runSlaTick(deps: BotDeps, batch = 2000): Promise<TickResult> {
  const now = deps.clock.now();
  const result = await deps.store.transaction(async (tx): Promise<TickResult> => {
    if (!(await tx.tryLock(SLA_LOCK))) return { skipped: true, examined: 0, queued: 0 };
    const due = await tx.dueForSla(now, batch);
    if (due.length === 0) return { skipped: false, examined: 0, queued: 0 };
    const chats = new Map<string, OutboundMessage[]>();
    const assignees = new Map((await tx.contactsOf([...new Set(due.map((r) => r.assigneeId).filter((x): x is number => x !== null))])).map((c) => [`${c.personId}:${c.channel}`, c]));
    let queued = 0;
    for (const r of due) {
      const reminders = dueReminders(r, now);
      const messages: OutboundMessage[] = [];
      const assigneeName = r.assigneeId && reminders.length ? await tx.personName(r.assigneeId) : null;
      for (const reminder of reminders) {
        const text = reminderText(deps, r, reminder);
        for (const target of await queueTargets(deps, tx, r, r.queue, chats)) {
          const contact = r.assigneeId ? assignees.get(`${r.assigneeId}:${target.channel}`) : undefined;
          const mention = contact && target.chatId !== contact.externalId ? { userId: contact.externalId, name: assigneeName ?? '' } : undefined;
          messages.push({ ...target, text, mention, dedupeKey: `${reminder.key}@${target.channel}:${target.chatId}` });
        }
        // 吹哨: co-units that have not reported in hear it in their own groups.
        if (reminder.phase === 'claim') {
          for (const unit of r.coUnits.filter((c) => c.reportedAt === null)) {
            for (const target of await queueTargets(deps, tx, r, { kind: 'department', code: unit.department }, chats)) {
              messages.push({ ...target, text, dedupeKey: `${reminder.key}@${target.channel}:${target.chatId}` });
            }
          }
        }
      }
      const inserted = await tx.enqueueNew(messages);
      queued += inserted.size;
      const newBreaches = new Set(reminders.filter((rem) => rem.kind === 'breach' && [...inserted].some((k) => k.startsWith(`${rem.key}@`))).map((rem) => rem.key)).size;
      const breachCount = r.breachCount + newBreaches;
      if (r.breachCount < ALERT_AFTER_BREACHES && breachCount >= ALERT_AFTER_BREACHES) {
        queued += (await tx.enqueueNew(await alertMessages(deps, tx, r, breachCount))).size;
      }
      await tx.setSlaState(r.id, breachCount, nextReminderAt(r, now));
    }
    return { skipped: false, examined: due.length, queued };
  });
  if (result.queued > 0) deps.onQueued?.();
  return result;
}

function reminderText(deps: BotDeps, r: CitizenRequest, reminder: Reminder): string {
  const { locale, timeZone } = deps.messages;
  const missing = r.coUnits.filter((c) => c.reportedAt === null).map((c) => queueName({ kind: 'department', code: c.department }, deps.tree, deps.departments));
  return t(reminder.kind === 'warn' ? 'sla.warn' : 'sla.breach', {
    id: r.id, category: categoryName(r, locale), summary: safeSummary(r), due: formatTime(reminder.dueAt, timeZone),
    phase: t(`sla.phase.${reminder.phase}` as TextId, {}, locale),
    missing: reminder.phase === 'claim' && missing.length ? t('sla.missing', { units: missing.join('、') }, locale) : '',
  }, locale);
}

/** Where a queue's reminders go: its staff groups (a grid's own group included), or supervisors privately. */
async function queueTargets(deps: BotDeps, tx: StoreTx, r: CitizenRequest, queue: Queue, cache: Map<string, OutboundMessage[]>): Promise<Pick<ChatBinding, 'channel' | 'chatId'>[]> {
  const key = queue.kind === 'supervisor' ? `${queueKey(queue)}:${r.areaCode}` : queueKey(queue);
  let targets = cache.get(key);
  if (!targets) {
    targets = await toQueue(deps, tx, queue, r, '', { includeOrigin: true });
    cache.set(key, targets);
  }
  return targets.map((m) => ({ channel: m.channel, chatId: m.chatId }));
}

async function alertMessages(deps: BotDeps, tx: StoreTx, r: CitizenRequest, count: number): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const areas = deps.tree.ancestors(r.areaCode).map((a) => a.code);
  const supervisors = await tx.staffIn('supervisor', areas);
  const contacts = await tx.contactsOf(supervisors.map((s) => s.personId));
  const timeline = (await tx.timeline(r.id)).slice(-5).map((e) => `${formatTime(e.at, timeZone)} ${e.actorName ?? ''}${t(`event.${e.type}` as TextId, {}, locale)}`).join('\n');
  const assignee = r.assigneeId ? await tx.personName(r.assigneeId) : null;
  const text = t('sla.alert', {
    id: r.id, category: categoryName(r, locale), count, queue: queueName(r.queue, deps.tree, deps.departments),
    assignee: assignee ? t('sla.assignee', { name: assignee }, locale) : '', timeline,
  }, locale);
  return contacts.map((c) => ({ ...privateChat(c), text, dedupeKey: `sla:${r.id}:alert@${c.channel}:${c.externalId}` }));
}
