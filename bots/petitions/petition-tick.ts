/**
 * The petition tick: the SLA tick's mechanism (an advisory lock, an indexed check time, core's
 * windows with warn / breach / repeat, one dedupe key per reminder and chat) applied to the
 * statutory clock of each 信访事项 and to 挂牌督办. Reminders go to the groups of the unit
 * holding the request (never the household group) and, for supervised backlog cases, privately
 * to the supervising leader. It then runs the reception-day jobs (announcements, reminders).
 * Runs in the scheduler's minute job, after the SLA tick.
 */
import type { CitizenRequest, OutboundMessage, Queue } from '../../core/model';
import { ancestorAt } from '../../core/queue';
import { nextPetitionCheck, petitionReminders, superviseReminder } from '../../core/petitions/clock';
import { categoryName } from '../../core/request-messages';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { safeSummary } from '../desk/views';
import { privateChat, toQueue } from '../notify/notify';
import { runReceptionJobs } from './reception-jobs';

/** Advisory-lock key of the petition tick (next to the SLA tick's 7_040_101). */
export const PETITION_LOCK = 7_040_118;

/**
 * Where a petition's reminders go: its department or dispatch centre; a request still in a grid or
 * village queue is the township's 信访 office's (a grid's groups are household groups: never there).
 */
export function officeQueue(deps: BotDeps, request: CitizenRequest): Queue {
  if (request.queue.kind !== 'area') return request.queue;
  const level = deps.tree.get(request.queue.code)?.level;
  if (level === 'township' || level === 'county') return request.queue;
  const office = ancestorAt(deps.tree, request.queue.code, 'township') ?? ancestorAt(deps.tree, request.queue.code, 'county');
  return { kind: 'area', code: office?.code ?? request.queue.code };
}

/** Runs one tick; returns how many messages it queued. */
export async function runPetitionTick(deps: BotDeps, batch = 1000): Promise<{ skipped: boolean; examined: number; queued: number }> {
  const now = deps.clock.now();
  const { locale, timeZone } = deps.messages;
  const result = await deps.store.transaction(async (tx) => {
    if (!(await tx.tryLock(PETITION_LOCK))) return { skipped: true, examined: 0, queued: 0 };
    const due = await tx.petitions.dueForCheck(now, batch);
    const messages: OutboundMessage[] = [];
    const states: { requestId: number; breachCount: number; checkAt: number | null; breaches: string[] }[] = [];
    for (const { petition: p } of due) {
      const request = await tx.requests.get(p.requestId);
      const reminders = petitionReminders(p, now);
      const breaches: string[] = [];
      if (request) {
        const targets = reminders.length ? await toQueue(deps, tx, officeQueue(deps, request), request, '') : [];
        for (const r of reminders) {
          if (r.kind === 'breach') breaches.push(r.key);
          const text = t(r.kind === 'warn' ? 'petition.warn' : 'petition.breach', {
            id: p.requestId, category: categoryName(request, locale), summary: safeSummary(request), due: formatTime(r.dueAt, timeZone), phase: t(`petition.phase.${r.phase}` as TextId, {}, locale),
          }, locale);
          for (const target of targets) messages.push({ channel: target.channel, chatId: target.chatId, text, dedupeKey: `${r.key}@${target.channel}:${target.chatId}` });
        }
        const sup = superviseReminder(p, now, deps.petitions.limits);
        const b = p.backlog;
        if (sup && b?.supervisor) {
          const text = t(sup.kind === 'week' ? 'petition.supervise.week' : 'petition.supervise.overdue', {
            id: p.requestId, summary: safeSummary(request), n: sup.n, leader: b.leader?.name ?? t('backlog.none', {}, locale), due: formatTime(b.supervisedDueAt ?? now, timeZone),
          }, locale);
          for (const c of await tx.people.contactsOf([b.supervisor.personId])) messages.push({ ...privateChat(c), text, dedupeKey: `${sup.key}@${c.channel}:${c.externalId}` });
        }
      }
      states.push({ requestId: p.requestId, breachCount: p.breachCount, checkAt: nextPetitionCheck(p, now, deps.petitions.limits), breaches });
    }
    const inserted = await tx.messages.enqueueNew(messages);
    const sentKeys = new Set([...inserted].map((k) => k.slice(0, k.indexOf('@'))));
    await tx.petitions.setChecks(states.map((s) => ({ requestId: s.requestId, checkAt: s.checkAt, breachCount: s.breachCount + s.breaches.filter((k) => sentKeys.has(k)).length })));
    return { skipped: false, examined: due.length, queued: inserted.size };
  });
  const reception = await runReceptionJobs(deps);
  if (result.queued + reception > 0) deps.onQueued?.();
  return { ...result, queued: result.queued + reception };
}
