/**
 * The SLA tick: finds requests whose reminder time has come (an indexed query), asks core
 * which reminders are due, and queues them to the owner's group — mentioning the assignee —
 * with one dedupe key per reminder and chat, so no reminder goes out twice, whatever the
 * number of processes, restarts or late ticks. The third breach alerts the supervisors.
 * One process runs a tick at a time (a PostgreSQL advisory lock); a tick reads and writes in
 * a handful of statements whatever the number of due requests.
 */
import type { CitizenRequest, OutboundMessage, Queue } from '../../core/model';
import { ancestorAt, queueKey, queueName } from '../../core/queue';
import { autoEscalate, ratingWindowStep } from './rating-window';
import { categoryName } from '../../core/request-messages';
import { ALERT_AFTER_BREACHES, dueReminders, nextReminderAt, type Reminder } from '../../core/sla-policy';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { safeSummary } from '../desk/views';
import { privateChat, staffTargets } from '../notify/notify';
import type { Contact, StoreTx } from '../ports';

/** Advisory-lock key of the SLA tick. */
export const SLA_LOCK = 7_040_101;

export interface TickResult {
  skipped: boolean;
  examined: number;
  queued: number;
}

type Target = Pick<OutboundMessage, 'channel' | 'chatId'>;

/** Runs one tick at the deps' clock. Handles up to `batch` due requests per call. */
export async function runSlaTick(deps: BotDeps, batch = 2000): Promise<TickResult> {
  const now = deps.clock.now();
  const result = await deps.store.transaction(async (tx): Promise<TickResult> => {
    if (!(await tx.tryLock(SLA_LOCK))) return { skipped: true, examined: 0, queued: 0 };
    const due = await tx.requests.dueForSla(now, batch);
    if (due.length === 0) return { skipped: false, examined: 0, queued: 0 };
    const plans = due.map((r) => ({ r, reminders: dueReminders(r, now) }));
    const assigneeIds = [...new Set(plans.filter((p) => p.reminders.length && p.r.assigneeId !== null).map((p) => p.r.assigneeId!))];
    const names = await tx.people.namesOf(assigneeIds);
    const contacts = new Map((await tx.people.contactsOf(assigneeIds)).map((c) => [`${c.personId}:${c.channel}`, c]));
    const targets = new Map<string, Target[]>();

    const messages: OutboundMessage[] = [];
    for (const { r, reminders } of plans) {
      for (const reminder of reminders) {
        const text = reminderText(deps, r, reminder);
        const key = (target: Target) => `${reminder.key}@${target.channel}:${target.chatId}`;
        // issue 14: a 包案 deadline is the leader's and the command centre's.
        if (reminder.phase === 'keyCase') {
          for (const target of await keyCaseTargets(deps, tx, r, targets)) messages.push({ ...target, text, dedupeKey: key(target) });
          continue;
        }
        for (const target of await queueTargets(deps, tx, r, r.queue, targets)) {
          messages.push({ ...target, text, mention: mentionOf(r, target, contacts, names), dedupeKey: key(target) });
        }
        // 吹哨: co-units that have not reported in hear it in their own groups.
        if (reminder.phase !== 'claim') continue;
        for (const unit of r.coUnits.filter((c) => c.reportedAt === null)) {
          for (const target of await queueTargets(deps, tx, r, { kind: 'department', code: unit.department }, targets)) messages.push({ ...target, text, dedupeKey: key(target) });
        }
      }
    }
    const inserted = await tx.messages.enqueueNew(messages);
    let queued = inserted.size;
    const insertedReminders = new Set([...inserted].map((k) => k.slice(0, k.indexOf('@'))));

    const states: { id: number; breachCount: number; checkAt: number | null }[] = [];
    const alerted: { r: CitizenRequest; count: number }[] = [];
    const breached: { r: CitizenRequest; breachCount: number }[] = [];
    for (const { r, reminders } of plans) {
      const breachCount = r.breachCount + reminders.filter((rem) => rem.kind === 'breach' && rem.phase !== 'keyCase' && insertedReminders.has(rem.key)).length;
      if (r.breachCount < ALERT_AFTER_BREACHES && breachCount >= ALERT_AFTER_BREACHES) alerted.push({ r, count: breachCount });
      if (breachCount > r.breachCount) breached.push({ r, breachCount });
      states.push({ id: r.id, breachCount, checkAt: nextReminderAt(r, now) });
    }
    queued += (await tx.messages.enqueueNew(await alertMessages(deps, tx, alerted, names))).size;
    // issue 14: the rating window of resolved requests, and the optional automatic escalation.
    const after = await ratingWindowStep(deps, tx, due, now);
    const moved = await autoEscalate(deps, tx, breached, now);
    const closing = new Set([...after.changes.updated, ...moved.changes.updated].map((r) => r.id));
    await tx.requests.setSlaStates(states.filter((st) => !closing.has(st.id)));
    for (const changes of [after.changes, moved.changes]) {
      queued += (await tx.messages.enqueueNew(changes.messages)).size;
      await tx.write({ ...changes, messages: [] });
    }
    return { skipped: false, examined: due.length, queued };
  });
  if (result.queued > 0) deps.onQueued?.();
  return result;
}

function mentionOf(r: CitizenRequest, target: Target, contacts: Map<string, Contact>, names: Map<number, string>): OutboundMessage['mention'] {
  const contact = r.assigneeId === null ? undefined : contacts.get(`${r.assigneeId}:${target.channel}`);
  return contact && target.chatId !== contact.externalId ? { userId: contact.externalId, name: names.get(r.assigneeId!) ?? '' } : undefined;
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

/** Where a queue's reminders go: its staff groups, else its staff privately — never a household group (issue 14). */
async function queueTargets(deps: BotDeps, tx: StoreTx, r: CitizenRequest, queue: Queue, cache: Map<string, Target[]>): Promise<Target[]> {
  const key = queue.kind === 'supervisor' ? `${queueKey(queue)}:${r.areaCode}` : queueKey(queue);
  let targets = cache.get(key);
  if (!targets) {
    targets = await staffTargets(deps, tx, queue, r);
    cache.set(key, targets);
  }
  return targets;
}

/** issue 14: a 包案's reminders go to its leader privately and to the county command centre's staff. */
async function keyCaseTargets(deps: BotDeps, tx: StoreTx, r: CitizenRequest, cache: Map<string, Target[]>): Promise<Target[]> {
  const county = ancestorAt(deps.tree, r.areaCode, 'county');
  const centre = county ? await queueTargets(deps, tx, r, { kind: 'area', code: county.code }, cache) : [];
  const leader = r.keyCase ? (await tx.people.contactsOf([r.keyCase.leaderId])).map(privateChat) : [];
  const seen = new Set<string>();
  return [...leader, ...centre].filter((x) => !seen.has(`${x.channel}:${x.chatId}`) && seen.add(`${x.channel}:${x.chatId}`));
}

/** The supervisor alerts of this tick: to the supervisors of each request's area, privately. */
async function alertMessages(deps: BotDeps, tx: StoreTx, alerted: { r: CitizenRequest; count: number }[], names: Map<number, string>): Promise<OutboundMessage[]> {
  if (alerted.length === 0) return [];
  const { locale, timeZone } = deps.messages;
  const timelines = await tx.requests.timelines(alerted.map((a) => a.r.id));
  const supervisorsByArea = new Map<string, Contact[]>();
  const out: OutboundMessage[] = [];
  for (const { r, count } of alerted) {
    let contacts = supervisorsByArea.get(r.areaCode);
    if (!contacts) {
      const supervisors = await tx.people.staffIn('supervisor', deps.tree.ancestors(r.areaCode).map((a) => a.code));
      contacts = await tx.people.contactsOf(supervisors.map((s) => s.personId));
      supervisorsByArea.set(r.areaCode, contacts);
    }
    const timeline = (timelines.get(r.id) ?? []).slice(-5).map((e) => `${formatTime(e.at, timeZone)} ${e.actorName ?? ''}${t(`event.${e.type}` as TextId, {}, locale)}`).join('\n');
    const assignee = r.assigneeId === null ? null : names.get(r.assigneeId) ?? null;
    const text = t('sla.alert', {
      id: r.id, category: categoryName(r, locale), count, queue: queueName(r.queue, deps.tree, deps.departments),
      assignee: assignee ? t('sla.assignee', { name: assignee }, locale) : '', timeline,
    }, locale);
    for (const c of contacts) out.push({ ...privateChat(c), text, dedupeKey: `sla:${r.id}:alert@${c.channel}:${c.externalId}` });
  }
  return out;
}
