/**
 * Learning from staff (issue 15): `改类 N 类别` and `加急 N`. The request is already loaded, locked
 * and authorized by the desk. The change goes into `changes` with a timeline event; the correction
 * (what the model read, what staff said) is stored for `npm run eval -- --corrections`.
 * Raising to urgent does what the urgent intake path does: urgent limits, the township's dispatch
 * centre and the grid leaders alerted at once.
 */
import { CATEGORY_CODES, CATEGORY_NAMES } from '../../core/categories';
import { parseCategory, raiseUrgency, recategorize, type CorrectionOutcome } from '../../core/corrections';
import { detectUrgency } from '../../core/classifier/urgency';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { ancestorAt } from '../../core/queue';
import { categoryName } from '../../core/request-messages';
import { t } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { safeSummary } from '../desk/views';
import { privateChat, toQueue } from '../notify/notify';
import type { StoreTx } from '../ports';

export type CorrectionCommand = { type: 'recategorize'; id: number; text: string } | { type: 'raise'; id: number };

/** Runs 改类 or 加急 on `request`. */
export async function runCorrection(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, command: CorrectionCommand): Promise<{ out: OutboundMessage[]; outcome: CorrectionOutcome | null }> {
  const { locale, timeZone } = deps.messages;
  const now = deps.clock.now();
  const lang = locale === 'en' ? 'en' : 'zh';
  let outcome: CorrectionOutcome;
  if (command.type === 'recategorize') {
    const name = command.text.trim().split(/\s+/)[0] ?? '';
    const to = parseCategory(name);
    if (!to) return { out: [replyTo(msg, t('correct.categoryUnknown', { name, choices: CATEGORY_CODES.map((c) => CATEGORY_NAMES[c][lang]).join('、') }, locale))], outcome: null };
    outcome = recategorize(request, to, actor.personId, now);
  } else {
    outcome = raiseUrgency(request, deps.sla.urgent, actor.personId, now, readLevel(deps, request.detail));
  }
  if (!outcome.ok) {
    const what = command.type === 'raise' ? t('correct.urgent', {}, locale) : categoryName(request, locale);
    return { out: [replyTo(msg, t(outcome.reason === 'same' ? 'correct.same' : 'correct.closed', { id: request.id, what }, locale))], outcome };
  }
  await tx.corrections.record(outcome.correction);
  const next = outcome.request;
  if (command.type === 'recategorize') return { out: [replyTo(msg, t('correct.category', { id: next.id, category: categoryName(next, locale) }, locale))], outcome };
  const out = [replyTo(msg, t('correct.raised', { id: next.id, due: formatTime(next.claimDueAt, timeZone) }, locale)), ...(await urgentAlerts(deps, tx, next))];
  return { out, outcome };
}

/** What the model reads in the text now: the running classifier's level, else the rules'. */
function readLevel(deps: BotDeps, text: string): 'none' | 'possible' {
  const reading = deps.dialog.classify?.(text) as { level?: string } | undefined;
  const level = reading?.level ?? detectUrgency(text).level;
  return level === 'possible' ? 'possible' : 'none';
}

/**
 * The alerts of the urgent path: the township's dispatch centre and the grid leaders privately.
 * TODO(lead): the same lines live in bots/intake/dialog.ts runDialog — unify when the inbox lands.
 */
export async function urgentAlerts(deps: BotDeps, tx: StoreTx, request: CitizenRequest): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const card = { id: request.id, category: categoryName(request, locale), summary: safeSummary(request), place: request.place ?? '' };
  const out: OutboundMessage[] = [];
  const township = ancestorAt(deps.tree, request.areaCode, 'township');
  if (township) out.push(...(await toQueue(deps, tx, { kind: 'area', code: township.code }, request, t('urgent.alert', card, locale))));
  const leaders = await tx.people.staffIn('grid_leader', deps.tree.ancestors(request.areaCode).map((a) => a.code));
  for (const c of await tx.people.contactsOf(leaders.map((l) => l.personId))) out.push({ ...privateChat(c), text: t('urgent.alert', card, locale) });
  return out;
}
