/**
 * Issue 14 — nothing left hanging, in the SLA tick: the rating window after 办结 (one reminder
 * to rate, then the request is closed as unrated and counted so in 报表), and the optional
 * automatic escalation of an overdue request one level up (org file `sla.autoEscalateAfter`).
 */
import type { CitizenRequest } from '../../core/model';
import { escalationTarget, queueName } from '../../core/queue';
import { ratingPrompt } from '../../core/request-messages';
import { transition } from '../../core/request-lifecycle';
import { moveRequest } from '../../core/request-moves';
import { limitsFor, ratingDue } from '../../core/sla-policy';
import { t } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { safeSummary } from '../desk/views';
import { categoryName } from '../../core/request-messages';
import { toQueue, toReporters } from '../notify/notify';
import { noChanges, type Changes, type StoreTx } from '../ports';

/** Reminds or closes the resolved requests among `due` whose rating window asks for it. */
export async function ratingWindowStep(deps: BotDeps, _tx: StoreTx, due: CitizenRequest[], now: number): Promise<{ changes: Changes }> {
  const changes = noChanges();
  const { locale } = deps.messages;
  for (const r of due) {
    const step = ratingDue(r, now);
    if (!step) continue;
    if (step.kind === 'close') {
      const closed = transition(r, { type: 'close_unrated' }, null, now);
      if (!closed.ok) continue;
      changes.updated.push(closed.value.request);
      changes.events.push(...closed.value.events.map((e) => ({ ...e, note: t('work.closedUnrated', {}, locale) })));
      continue;
    }
    const prompt = ratingPrompt(r, deps.messages);
    const text = t('work.rateRemind', { id: r.id }, locale);
    changes.messages.push(...toReporters(r, text, { buttons: prompt.buttons, ref: `rate:${r.id}` })
      .map((m) => ({ ...m, dedupeKey: `${step.key}@${m.channel}:${m.chatId}:${m.mention?.userId ?? ''}` })));
  }
  return { changes };
}

/**
 * Moves each request whose breach reminders just reached `sla.autoEscalateAfter` one level up
 * (once: later breaches do not move it again), telling the household and the new queue's staff.
 */
export async function autoEscalate(deps: BotDeps, tx: StoreTx, breached: { r: CitizenRequest; breachCount: number }[], now: number): Promise<{ changes: Changes }> {
  const changes = noChanges();
  const after = deps.sla.autoEscalateAfter;
  if (!after) return { changes };
  const { locale, timeZone } = deps.messages;
  for (const { r, breachCount } of breached) {
    if (!(r.breachCount < after && breachCount >= after) || r.queue.kind !== 'area') continue;
    const target = escalationTarget(r.queue, deps.tree, deps.villageSteps);
    if (!target.ok) continue;
    const reason = t('work.autoEscalateReason', { count: breachCount }, locale);
    const moved = moveRequest({ ...r, breachCount }, { type: 'escalate', to: target.value, reason }, null, now, limitsFor(deps.sla, r.category, r.urgent));
    if (!moved.ok) continue;
    const next = moved.value.request;
    changes.updated.push(next);
    changes.events.push(...moved.value.events);
    const to = queueName(target.value, deps.tree, deps.departments);
    changes.messages.push(...toReporters(next, next.sensitive ? t('status.neutral', { id: next.id, status: t('status.submitted', {}, locale) }, locale) : t('move.escalated', { id: next.id, queue: to }, locale))
      .map((m) => ({ ...m, dedupeKey: `auto-escalate:${r.id}:${breachCount}@${m.channel}:${m.chatId}:${m.mention?.userId ?? ''}` })));
    const card = { id: next.id, category: categoryName(next, locale), summary: safeSummary(next), due: formatTime(next.claimDueAt, timeZone) };
    const from = queueName(r.queue, deps.tree, deps.departments);
    changes.messages.push(...(await toQueue(deps, tx, target.value, next, t('queue.new', { ...card, from, reason: t('queue.reason', { reason }, locale) }, locale)))
      .map((m) => ({ ...m, dedupeKey: `auto-escalate:${r.id}:${breachCount}@${m.channel}:${m.chatId}` })));
  }
  return { changes };
}
