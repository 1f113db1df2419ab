/**
 * 上情下达: admins (anywhere in their area) and dispatchers (in their subtree) send notices to
 * every household group. `通知 范围 内容` answers with a preview (groups per channel, time at the
 * channels' limits); `确认 N` (or the button) fans it out through the outbox, now or at the
 * scheduled time; `通知状态 N` shows progress and acknowledgements; `撤回通知 N` stops what is
 * pending and deletes what was sent where the channel allows. Households acknowledge with
 * `收到` or the button; the first acknowledgement per household counts.
 */
import type { Actor, Channel, InboundMessage, OutboundMessage } from '../../core/model';
import { CAN_DELETE_SENT, estimateSeconds, localToInstant, noticeBody, parseNoticeArgs, resolveScope, type NoticeDraft } from '../../core/notice';
import { noticeSentEvent } from '../../core/webhook-events';
import { ancestorAt } from '../../core/queue';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import type { NoticeRecord, NoticeStore, StoreTx } from '../ports';

const CHANNEL_NAMES: Record<Channel, string> = { telegram: 'Telegram', wecom: '企业微信', web: '网页', open311: 'Open311', webhook: 'Webhook', api: 'API' };

/** `Telegram 2、网页 1`: how many sent messages each channel will delete. */
function deletedByChannel(sent: readonly { channel: Channel }[]): string {
  const counts = new Map<Channel, number>();
  for (const s of sent) counts.set(s.channel, (counts.get(s.channel) ?? 0) + 1);
  // In a fixed channel order, whatever order the rows came back in.
  return (Object.keys(CHANNEL_NAMES) as Channel[]).filter((c) => counts.has(c)).map((c) => `${CHANNEL_NAMES[c]} ${counts.get(c)}`).join('、') || '0';
}
const ACK_WINDOW_MS = 7 * 86_400_000;

function eta(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, seconds)} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

/** The unit a notice is issued in the name of: the issuer's area (or department). */
function unitOf(deps: BotDeps, actor: Actor): string {
  return deps.tree.get(actor.areaCode ?? '')?.name ?? deps.departments.find((d) => d.code === actor.departmentCode)?.name ?? actor.name;
}

/** Who issues a notice: a person (chat) or the admin API (no person), and the area they may reach. */
export interface Issuer {
  personId: number | null;
  unit: string;
  areaCode: string | null;
}

/** A stored draft and what the preview says about it. */
export interface DraftResult {
  id: number;
  unit: string;
  scopeNames: string[];
  groups: Partial<Record<Channel, number>>;
  total: number;
  etaSeconds: number;
  scheduledAt: number | null;
  requiresAck: boolean;
  text: string;
}

/** Why a notice cannot be drafted, as a text id with its values (a chat reply, or a 400 at the API). */
export type DraftError = { id: TextId; params?: Record<string, string | number> };

/** Validates a notice (scope within the issuer's area, time in the future, groups to reach) and stores it as a draft. */
export async function draftNotice(deps: BotDeps, tx: StoreTx, issuer: Issuer, draft: NoticeDraft): Promise<{ ok: true; value: DraftResult } | { ok: false; error: DraftError }> {
  const scope = resolveScope(draft.scope, deps.tree);
  if (!scope.ok) return { ok: false, error: { id: 'notice.unknownScope', params: { words: scope.unknown.join('、') } } };
  const outside = scope.areas.find((a) => !issuer.areaCode || !deps.tree.isWithin(a.code, issuer.areaCode));
  if (outside) return { ok: false, error: { id: 'notice.outside', params: { scope: outside.name, area: deps.tree.get(issuer.areaCode ?? '')?.name ?? '' } } };
  let scheduledAt: number | null = null;
  if (draft.scheduledLocal) {
    scheduledAt = localToInstant(draft.scheduledLocal, deps.messages.timeZone);
    if (scheduledAt === null || scheduledAt <= deps.clock.now()) return { ok: false, error: { id: 'notice.badTime' } };
  }
  if (!draft.text.trim() || draft.text.length > 2000) return { ok: false, error: { id: 'notice.usage' } };
  const notices = tx.notices;
  const codes = scope.areas.map((a) => a.code);
  const groups = await notices.countGroups(codes);
  const total = Object.values(groups).reduce((a, b) => a + (b ?? 0), 0);
  const scopeNames = scope.areas.map((a) => a.name);
  if (total === 0) return { ok: false, error: { id: 'notice.noGroups', params: { scope: scopeNames.join('、') } } };
  const id = await notices.create({ issuerId: issuer.personId, issuerUnit: issuer.unit, scope: codes, text: draft.text, requiresAck: draft.requiresAck, scheduledAt, status: 'draft' });
  await notices.setStatus(id, 'draft', total);
  return { ok: true, value: { id, unit: issuer.unit, scopeNames, groups, total, etaSeconds: estimateSeconds(groups), scheduledAt, requiresAck: draft.requiresAck, text: draft.text } };
}

/** `通知 范围 内容 [定时 …] [需回执]`: checks everything, stores a draft and answers with a preview. */
export async function composeNotice(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, text: string): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const draft = parseNoticeArgs(text);
  if (!draft) return [replyTo(msg, t('notice.usage', {}, locale))];
  const result = await draftNotice(deps, tx, { personId: actor.personId, unit: unitOf(deps, actor), areaCode: actor.areaCode }, draft);
  if (!result.ok) return [replyTo(msg, t(result.error.id, result.error.params, locale))];
  const d = result.value;
  const preview = t('notice.preview', {
    id: d.id, unit: d.unit, scope: d.scopeNames.join('、'), groups: d.total,
    channels: Object.entries(d.groups).map(([c, n]) => `${CHANNEL_NAMES[c as Channel]} ${n}`).join('、') || '—',
    eta: eta(d.etaSeconds),
    schedule: d.scheduledAt ? t('notice.previewSchedule', { at: formatTime(d.scheduledAt, timeZone) }, locale) : '',
    ack: d.requiresAck ? t('notice.previewAck', {}, locale) : '',
  }, locale);
  return [replyTo(msg, `${preview}\n\n${noticeBody(d.id, d.unit, d.text, d.requiresAck)}`, {
    buttons: [[{ label: '确认发送', data: `notice:${d.id}:confirm` }, { label: '取消', data: `notice:${d.id}:cancel` }]],
  })];
}

/** Sends a draft now or schedules it; returns the new status and the groups queued. */
export async function releaseNotice(deps: BotDeps, tx: StoreTx, notice: NoticeRecord): Promise<{ status: 'scheduled' | 'sending'; groups: number }> {
  const notices = tx.notices;
  if (notice.scheduledAt !== null && notice.scheduledAt > deps.clock.now()) {
    await notices.setStatus(notice.id, 'scheduled');
    return { status: 'scheduled', groups: notice.groups };
  }
  return { status: 'sending', groups: await fanOut(deps, tx, notice) };
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
  const notices = tx.notices;
  const notice = await loadOwn(deps, notices, msg, actor, id);
  if (Array.isArray(notice)) return notice;
  if (notice.status !== 'draft') return [replyTo(msg, t('notice.badState', { id, status: stateName(deps, notice.status) }, locale))];
  const released = await releaseNotice(deps, tx, notice);
  if (released.status === 'scheduled') return [replyTo(msg, t('notice.scheduled', { id, at: formatTime(notice.scheduledAt!, timeZone), groups: notice.groups }, locale))];
  return [replyTo(msg, t('notice.sending', { id, groups: released.groups, eta: eta(estimateSeconds(await notices.countGroups(notice.scope))) }, locale))];
}

async function fanOut(deps: BotDeps, tx: StoreTx, notice: NoticeRecord): Promise<number> {
  const notices = tx.notices;
  const body = noticeBody(notice.id, notice.issuerUnit, notice.text, notice.requiresAck);
  const queued = await notices.fanOut(notice, body, notice.requiresAck ? { label: '收到', data: `ack:${notice.id}` } : null);
  await notices.setStatus(notice.id, 'sending', Math.max(notice.groups, queued));
  await tx.webhooks.emit(noticeSentEvent(notice, Math.max(notice.groups, queued), deps.clock.now())); // issue 19
  return Math.max(notice.groups, queued);
}

/** The scheduler's job: sends the scheduled notices whose time has come (once: the fan-out is idempotent). */
export async function runDueNotices(deps: BotDeps): Promise<number> {
  const sent = await deps.store.transaction(async (tx) => {
    const notices = tx.notices;
    let groups = 0;
    for (const notice of await notices.due(deps.clock.now())) groups += await fanOut(deps, tx, notice);
    return groups;
  });
  if (sent) deps.onQueued?.();
  return sent;
}

/** `撤回通知 N` / `取消通知 N`: a draft or scheduled notice is dropped; a sending one is stopped and recalled. */
export async function recallNotice(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const notices = tx.notices;
  const notice = await loadOwn(deps, notices, msg, actor, id);
  if (Array.isArray(notice)) return notice;
  if (notice.status === 'cancelled') return [replyTo(msg, t('notice.badState', { id, status: stateName(deps, notice.status) }, locale))];
  await notices.setStatus(id, 'cancelled');
  if (notice.status !== 'sending') return [replyTo(msg, t('notice.cancelled', { id }, locale))];
  const { stopped, sent } = await notices.stop(id);
  const deletable = sent.filter((s) => CAN_DELETE_SENT[s.channel] && s.providerMessageId);
  const undeletable = sent.length - deletable.length;
  const deletes: OutboundMessage[] = deletable.map((s) => ({ channel: s.channel, chatId: s.chatId, text: '', deleteMessageId: s.providerMessageId!, dedupeKey: `notice:${id}:delete@${s.channel}:${s.chatId}` }));
  return [
    replyTo(msg, t('notice.recalled', { id, stopped, sent: sent.length, deleted: deletedByChannel(deletable), undeletable: undeletable ? t('notice.undeletable', { count: undeletable }, locale) : '' }, locale)),
    ...deletes,
  ];
}

/** `通知状态 N`: sent / pending / failed, acknowledgements per township, failed groups with reasons. */
export async function noticeStatus(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const notices = tx.notices;
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
  const notices = tx.notices;
  const target = id ?? (await notices.latestAckable(msg.channel, msg.chatId, deps.clock.now() - ACK_WINDOW_MS));
  if (target === null) return null;
  await notices.ack(target, actor.personId, msg.channel, msg.chatId);
  return [];
}
