/**
 * The reception-day jobs of the minute tick: tomorrow's sessions are announced to the unit's
 * household groups as a notice (bots/notices: the same fan-out, pacing and acknowledgements)
 * once the day before has begun; households who booked hear a reminder the day before. Each
 * session is announced once (the session row keeps its notice), each reminder has a dedupe key.
 */
import type { OutboundMessage } from '../../core/model';
import { localDate, sessionsAhead } from '../../core/petitions/reception';
import { t } from '../../core/texts';
import { localMidnight } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { draftNotice, releaseNotice } from '../notices/notices';
import { sessionWords } from './reception';

/** Advisory-lock key of the reception jobs. */
export const RECEPTION_LOCK = 7_040_119;

/** Runs the announcements and reminders due at the deps' clock; returns the messages and notices queued. */
export async function runReceptionJobs(deps: BotDeps): Promise<number> {
  if (deps.petitions.rota.length === 0) return 0;
  const now = deps.clock.now();
  const { timeZone, locale } = deps.messages;
  const today = localDate(now, timeZone);
  const tomorrow = localMidnight(today.y, today.m, today.d + 1, timeZone);
  const dayAfter = localMidnight(today.y, today.m, today.d + 2, timeZone);
  return deps.store.transaction(async (tx) => {
    if (!(await tx.tryLock(RECEPTION_LOCK))) return 0;
    // Tomorrow's sessions exist as rows (and so can be announced) even before anyone looked at them.
    await tx.reception.ensureSessions(sessionsAhead(deps.petitions.rota, [...new Set(deps.petitions.rota.map((r) => r.unit))], now, timeZone, 1, 1));
    let queued = 0;
    for (const s of await tx.reception.unannounced(tomorrow, dayAfter)) {
      const words = sessionWords(deps, s);
      const text = t(s.kind === 'lawyer' ? 'reception.notice.lawyer' : 'reception.notice', words, locale);
      const draft = await draftNotice(deps, tx, { personId: null, unit: words.unit, areaCode: s.unit }, { scope: [s.unit], text, scheduledLocal: null, requiresAck: false });
      if (!draft.ok) {
        await tx.reception.setNotice(s.id, 0); // no household group to tell: nothing to retry
        continue;
      }
      const notice = await tx.notices.get(draft.value.id);
      const released = await releaseNotice(deps, tx, notice!);
      await tx.reception.setNotice(s.id, draft.value.id);
      queued += released.groups;
    }
    const reminders: OutboundMessage[] = (await tx.reception.bookingsStarting(tomorrow, dayAfter)).map((b) => ({
      channel: b.channel, chatId: b.chatId, text: t('reception.reminder', sessionWords(deps, b.session), locale),
      mention: b.chatId === b.userId ? undefined : { userId: b.userId, name: b.name }, dedupeKey: `reception:${b.id}:remind@${b.channel}:${b.chatId}`,
    }));
    queued += (await tx.messages.enqueueNew(reminders)).size;
    return queued;
  });
}
