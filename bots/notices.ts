/**
 * 上情下达: admins (anywhere in their area) and dispatchers (in their subtree) send notices to
 * every household group. `通知 范围 内容` answers with a preview (groups per channel, time at the
 * channels' limits); `确认 N` (or the button) fans it out through the outbox, now or at the
 * scheduled time; `通知状态 N` shows progress and acknowledgements; `撤回通知 N` stops what is
 * pending and deletes what was sent where the channel allows. Households acknowledge with
 * `收到` or the button; the first acknowledgement per household counts.
 */
import type { Actor, Channel, InboundMessage, OutboundMessage } from '../core/model';
import { estimateSeconds, localToInstant, noticeBody, parseNoticeArgs, resolveScope } from '../core/notice';
import { ancestorAt } from '../core/queue';
import { t, type TextId } from '../core/texts';
import { formatTime } from '../core/time-format';
import { replyTo, type BotDeps } from './deps';
import type { NoticeRecord, NoticeStore, StoreTx } from './ports';

const CHANNEL_NAMES: Record<Channel, string> = { telegram: 'Telegram', wecom: '企业微信', web: '网页' };
const ACK_WINDOW_MS = 7 * 86_400_000;

function eta(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, seconds)} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

/** The unit a notice is issued in the name of: the issuer's area (or department). */
function unitOf(deps: BotDeps, actor: Actor): string {
  return deps.tree.get(actor.areaCode ?? '')?.name ?? deps.departments.find((d) => d.code === actor.departmentCode)?.name ?? actor.name;
}

/** `通知 范围 内容 [定时 …] [需回执]`: checks everything, stores a draft and answers with a preview. */
export async function composeNotice(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, text: string): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const say = (id: TextId, params: Record<string, string | number> = {}) => [replyTo(msg, t(id, params, locale))];
  const draft = parseNoticeArgs(text);
  if (!draft) return say('notice.usage');
  const scope = resolveScope(draft.scope, deps.tree);
  if (!scope.ok) return say('notice.unknownScope', { words: scope.unknown.join('、') });
  const outside = scope.areas.find((a) => !actor.areaCode || !deps.tree.isWithin(a.code, actor.areaCode));
  if (outside) return say('notice.outside', { scope: outside.name, area: deps.tree.get(actor.areaCode ?? '')?.name ?? '' });
  let scheduledAt: number | null = null;
  if (draft.scheduledLocal) {
    scheduledAt = localToInstant(draft.scheduledLocal, timeZone);
    if (scheduledAt === null || scheduledAt <= deps.clock.now()) return say('notice.badTime');
  }
  const notices = tx.notices();
  const codes = scope.areas.map((a) => a.code);
  const groups = await notices.countGroups(codes);
  const total = Object.values(groups).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0) return say('notice.noGroups', { scope: scope.areas.map((a) => a.name).join('、') });
  const unit = unitOf(deps, actor);
  const id = await notices.create({ issuerId: actor.personId, issuerUnit: unit, scope: codes, text: draft.text, requiresAck: draft.requiresAck, scheduledAt, status: 'draft' });
  await notices.setStatus(id, 'draft', total);
  const preview = t('notice.preview', {
    id, unit, scope: scope.areas.map((a) => a.name).join('、'), groups: total,
    channels: Object.entries(groups).map(([c, n]) => `${CHANNEL_NAMES[c as Channel]} ${n}`).join(',') || '—',
    eta: eta(estimateSeconds(groups)),
    schedule: scheduledAt ? t('notice.previewSchedule', { at: formatTime(scheduledAt, timeZone) }, locale) : '',
    ack: draft.requiresAck ? t('notice.previewAck', {}, locale) : '',
  }, locale);
  return [replyTo(msg, `${preview}\n\n${noticeBody(id, unit, draft.text, draft.requiresAck)}`, {
    buttons: [[{ label: '确认发送', data: `notice:${id}:confirm` }, { label: '取消', data: `notice:${id}:cancel` }]],
  })];
}

async function loadOwn(deps: BotDeps, notices: NoticeStore, msg: InboundMessage, actor: Actor, id: number): Promise<NoticeRecord | OutboundMessage[]> {
  const notice = await notices.get(id);
  if (!notice) return [replyTo(msg, t('notice.notFound', { id }, deps.messages.locale))];
  if (notice.issuerId !== actor.personId && actor.role !== 'admin') return [replyTo(msg, t('notice.notYours', { id }, deps.messages.locale))];
  return notice;
}

const stateName = (deps: BotDeps, status: NoticeRecord['status']) => t(`notice.state.${status}` as TextId, {}, deps.messages.locale);

/** `确认 N`: sends now (fan-out into the outbox) or schedules. */
export async function confirmNotice(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const notices = tx.notices();
  const notice = await loadOwn(deps, notices, msg, actor, id);
  if (Array.isArray(notice)) return notice;
  if (notice.status !== 'draft') return [replyTo(msg, t('notice.badState', { id, status: stateName(deps, notice.status) }, locale))];
  if (notice.scheduledAt !== null && notice.scheduledAt > deps.clock.now()) {
    await notices.setStatus(id, 'scheduled');
    return [replyTo(msg, t('notice.scheduled', { id, at: formatTime(notice.scheduledAt, timeZone), groups: notice.groups }, locale))];
  }
  const groups = await fanOut(deps, notices, notice);
  return [replyTo(msg, t('notice.sending', { id, groups, eta: eta(estimateSeconds(await notices.countGroups(notice.scope))) }, locale))];
}

async function fanOut(deps: BotDeps, notices: NoticeStore, notice: NoticeRecord): Promise<number> {
  const body = noticeBody(notice.id, notice.issuerUnit, notice.text, notice.requiresAck);
  const queued = await notices.fanOut(notice, body, notice.requiresAck ? { label: '收到', data: `ack:${notice.id}` } : null);
  await notices.setStatus(notice.id, 'sending', Math.max(notice.groups, queued));
  return Math.max(notice.groups, queued);
}

/** The scheduler's job: sends the scheduled notices whose time has come (once: the fan-out is idempotent). */
export async function runDueNotices(deps: BotDeps): Promise<number> {
  const sent = await deps.store.transaction(async (tx) => {
    const notices = tx.notices();
    let groups = 0;
    for (const notice of await notices.due(deps.clock.now())) groups += await fanOut(deps, notices, notice);
    return groups;
  });
  if (sent) deps.onQueued?.();
  return sent;
}

/** `撤回通知 N` / `取消通知 N`: a draft or scheduled notice is dropped; a sending one is stopped and recalled. */
export async function recallNotice(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const notices = tx.notices();
  const notice = await loadOwn(deps, notices, msg, actor, id);
  if (Array.isArray(notice)) return notice;
  if (notice.status === 'cancelled') return [replyTo(msg, t('notice.badState', { id, status: stateName(deps, notice.status) }, locale))];
  await notices.setStatus(id, 'cancelled');
  if (notice.status !== 'sending') return [replyTo(msg, t('notice.cancelled', { id }, locale))];
  const { stopped, sent } = await notices.stop(id);
  const deletable = sent.filter((s) => s.channel === 'telegram' && s.providerMessageId);
  const undeletable = sent.length - deletable.length;
  const deletes: OutboundMessage[] = deletable.map((s) => ({ channel: s.channel, chatId: s.chatId, text: '', deleteMessageId: s.providerMessageId!, dedupeKey: `notice:${id}:delete@${s.channel}:${s.chatId}` }));
  return [
    replyTo(msg, t('notice.recalled', { id, stopped, sent: sent.length, deleted: deletable.length, undeletable: undeletable ? t('notice.undeletable', { count: undeletable }, locale) : '' }, locale)),
    ...deletes,
  ];
}

/** `通知状态 N`: sent / pending / failed, acknowledgements per township, failed groups with reasons. */
export async function noticeStatus(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const notices = tx.notices();
  const notice = await loadOwn(deps, notices, msg, actor, id);
  if (Array.isArray(notice)) return notice;
  const p = await notices.progress(id);
  const byTownship = new Map<string, { groups: number; acked: number; households: number }>();
  for (const a of p.acksByArea) {
    const name = ancestorAt(deps.tree, a.areaCode, 'township')?.name ?? deps.tree.get(a.areaCode)?.name ?? a.areaCode;
    const cur = byTownship.get(name) ?? { groups: 0, acked: 0, households: 0 };
    byTownship.set(name, { groups: cur.groups + a.groups, acked: cur.acked + a.ackedGroups, households: cur.households + a.acks });
  }
  const ackLines = notice.requiresAck ? [...byTownship].map(([area, v]) => t('notice.ackLine', {
    area, acks: v.acked, groups: v.groups, households: v.households, rate: `${v.groups ? Math.round((v.acked / v.groups) * 100) : 0}%`,
  }, locale)) : [];
  return [replyTo(msg, t('notice.status', {
    id, status: stateName(deps, notice.status), sent: p.sent, pending: p.pending, failed: p.failed,
    cancelled: p.cancelled ? t('notice.statusCancelled', { n: p.cancelled }, locale) : '',
    acks: ackLines.length ? t('notice.acks', { lines: ackLines.join('\n') }, locale) : '',
    failures: p.failures.length ? t('notice.failures', { lines: p.failures.slice(0, 10).map((f) => `  ${CHANNEL_NAMES[f.channel]} ${f.chatId}:${f.reason}`).join('\n') }, locale) : '',
  }, locale))];
}

/** `收到` or the button: the household's acknowledgement of the newest notice asking for one (silent). */
export async function acknowledge(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number | null): Promise<OutboundMessage[] | null> {
  const notices = tx.notices();
  const target = id ?? (await notices.latestAckable(msg.channel, msg.chatId, deps.clock.now() - ACK_WINDOW_MS));
  if (target === null) return null;
  await notices.ack(target, actor.personId, msg.channel, msg.chatId);
  return [];
}
