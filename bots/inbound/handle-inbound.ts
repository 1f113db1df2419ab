/**
 * The single entry for every channel: one InboundMessage in, processed at most once.
 * Dedupe, routing to intake or desk, and the queued replies commit in one transaction.
 */
import { parseCommand, PETITION_COMMAND_TYPES, type Command, type PetitionCommand } from '../../core/command-grammar';
import { runPetitionCommand } from '../petitions/commands';
import { isActive, offerToRegister, type DialogState } from '../../core/intake-dialog';
import { classifyByKeywords } from '../../core/categories';
import { readsLikeRequest } from '../../core/classifier/passive';
import type { Actor, InboundMessage, OutboundMessage, Rating } from '../../core/model';
import { RATINGS } from '../../core/model';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { errorText, runCommand, type DeskCommand } from '../desk/commands';
import { acknowledge, composeNotice, confirmNotice, noticeStatus, recallNotice } from '../notices/notices';
import { authorize } from '../../core/permissions';
import { runDialog } from '../intake/dialog';
import { attachToRequest, followUpTarget, withMediaIssue, withStaffPhoto, withStandInText } from '../intake/attachments';
import { guardIntake } from '../guard/flood-guard';
import { supplementText } from '../desk/work-tools';
import { withSecondOpinion } from '../understanding/second-opinion';
import { askRating } from '../desk/rating-ask';
import { registerForCommand } from '../intake/register-for';
import { registerSystemReport } from '../open311/system-report';
import { noChanges, type Changes, type ChatBinding, type InboundContext, type StoreTx } from '../ports';

const NOTICE_COMMANDS = new Set(['notice', 'noticeConfirm', 'noticeRecall', 'noticeStatus']);

/** How a message was handled (for logs, tests and benchmarks). */
export type InboundOutcome = 'duplicate' | 'ignored' | 'handled';

/** Processes one inbound message. Safe to call again with the same message: the retry is ignored. */
export async function handleInbound(baseDeps: BotDeps, received: InboundMessage): Promise<InboundOutcome> {
  const started = performance.now();
  try {
    const done = await handleOnce(baseDeps, received);
    baseDeps.observe?.inbound({
      channel: received.channel, messageId: received.messageId, outcome: done.outcome, seconds: (performance.now() - started) / 1000,
      created: done.changes.created.map((r) => r.id), updated: done.changes.updated.map((r) => r.id),
      asked: done.out.filter((m) => /^(ask|dup):/.test(m.ref ?? '')).length,
    });
    return done.outcome;
  } catch (e) {
    baseDeps.observe?.inbound({ channel: received.channel, messageId: received.messageId, outcome: 'failed', seconds: (performance.now() - started) / 1000, created: [], updated: [], asked: 0 });
    throw e;
  }
}

async function handleOnce(baseDeps: BotDeps, received: InboundMessage): Promise<{ outcome: InboundOutcome; out: OutboundMessage[]; changes: Changes }> {
  const msg = withStandInText(baseDeps, received);
  // Issue 15: the large-model second opinion is awaited before the transaction (its own time budget).
  const deps = await withSecondOpinion(baseDeps, msg);
  const result = await deps.store.transaction(async (tx) => {
    const context = await tx.openInbound(msg.channel, msg.messageId, msg.chatId, msg.senderId);
    const changes = noChanges();
    if (!context.fresh) return { outcome: 'duplicate' as const, out: [], changes };
    // Issue 19: another system's report (Open311) comes in fields; it is registered as it says.
    if (msg.report) return { outcome: 'handled' as const, out: await registerSystemReport(deps, tx, msg, context, changes), changes };
    // Flood defence (issue 11): past a limit, one polite line and then silence.
    const verdict = await guardIntake(deps, tx, msg, context);
    if (!verdict.pass) {
      changes.messages = verdict.reply;
      await tx.write(changes);
      return { outcome: 'ignored' as const, out: verdict.reply, changes };
    }
    const out = await withMediaIssue(deps, msg, context, changes, () => route(deps, tx, msg, context, changes));
    if (out === null) return { outcome: 'ignored' as const, out: [], changes };
    changes.messages = out;
    await tx.write(changes);
    return { outcome: 'handled' as const, out, changes };
  });
  if (result.out.length > 0) deps.onQueued?.();
  return result;
}

async function route(deps: BotDeps, tx: StoreTx, msg: InboundMessage, context: InboundContext, changes: Changes): Promise<OutboundMessage[] | null> {
  const chat = msg.chatType === 'group' ? context.chat : null;
  const parsed = msg.buttonData ? buttonCommand(msg.buttonData) : parseCommand(msg.text);
  let actor = context.person;

  // An admin binds a new group before anything else can happen there.
  if (parsed?.ok && parsed.command.type === 'bind') {
    return actor ? runCommand(deps, tx, msg, actor, parsed.command, changes) : [replyTo(msg, errorText(deps, { code: 'PERMISSION.DENIED', params: { action: 'bind' } }, null))];
  }
  if (msg.chatType === 'group' && !chat?.areaCode && !chat?.departmentCode) {
    return msg.addressed || parsed ? [replyTo(msg, errorText(deps, { code: 'CHAT.NOT_BOUND', params: { chatId: msg.chatId } }, actor))] : null;
  }
  if (!actor) {
    if (msg.chatType === 'private') return [replyTo(msg, t('private.unknown', {}, deps.messages.locale))];
    actor = await tx.people.registerHousehold(msg.channel, msg.senderId, msg.senderName, chat!.areaCode);
  }
  const area = homeArea(actor, chat);
  const now = msg.at;
  const state = context.dialog;
  const dialog = () => isActive(state, now);

  // issue 12: a link to rate N (the WeCom group's rating link) shows the choices to its reporters.
  const rateLink = /^rate:(\d{1,12})$/.exec(msg.buttonData ?? '');
  if (rateLink) return askRating(deps, tx, msg, actor, Number(rateLink[1]));
  // A category button answers the dialog's question, like typing its number.
  const choice = /^(?:cat|turn):([1-3])$/.exec(msg.buttonData ?? '');
  if (choice) return dialog() ? intake(deps, tx, msg, actor, area, state, changes, 'input', choice[1]) : null;
  if (parsed && !parsed.ok) return [replyTo(msg, errorText(deps, { code: parsed.error.code, params: { example: parsed.error.example } }, actor))];
  if (parsed?.ok) {
    const command = parsed.command;
    // issue 14: `补充 N 内容` without a photo adds the text; with a photo, issue 13's path keeps both.
    if (command.type === 'attach') return command.text && !msg.photo ? supplementText(deps, tx, msg, actor, command.id, command.text, changes) : attachToRequest(deps, tx, msg, actor, command.id, changes);
    if (command.type === 'registerFor') return registerForCommand(deps, tx, msg, actor, command.text, changes); // issue 12: 代报
    if (command.type === 'new') return intake(deps, tx, msg, actor, area, state, changes, 'start', command.text, true);
    if (command.type === 'cancel') return runDialog(deps, tx, msg, actor, area ?? '', state, { type: 'cancel', now }, changes);
    if (NOTICE_COMMANDS.has(command.type)) {
      const allowed = authorize(actor, 'notice', null, deps.tree);
      // `通知 …` from a household in its group is chatter that happens to start with 通知.
      if (!allowed.ok) return command.type === 'notice' && msg.chatType === 'group' && actor.role === 'household' ? null : [replyTo(msg, errorText(deps, allowed.error, actor))];
      if (command.type === 'notice') return composeNotice(deps, tx, msg, actor, command.text);
      if (command.type === 'noticeConfirm') return confirmNotice(deps, tx, msg, actor, command.id);
      if (command.type === 'noticeRecall') return recallNotice(deps, tx, msg, actor, command.id);
      if (command.type === 'noticeStatus') return noticeStatus(deps, tx, msg, actor, command.id);
    }
    if (command.type === 'ack' || command.type === 'ackBare') {
      // 收到 is never the answer to an open question (core/dialog-turn): the notice's ack, else the question again.
      const acked = await acknowledge(deps, tx, msg, actor, command.type === 'ack' ? command.id : null);
      return acked === null && dialog() ? intake(deps, tx, msg, actor, area, state, changes, 'input', msg.text) : acked;
    }
    if (command.type === 'rateBare') {
      if (dialog()) return intake(deps, tx, msg, actor, area, state, changes, 'input', msg.text);
      const id = await ratingTarget(tx, msg, actor);
      return id === null ? null : runCommand(deps, tx, msg, actor, { type: 'rate', id, rating: command.rating }, changes);
    }
    // Issue 18: 信访 commands (转信访, 受理, 预约接访, 接访记录, 调解, 信访报表 …).
    if (PETITION_COMMAND_TYPES.has(command.type)) return runPetitionCommand(deps, tx, msg, actor, command as PetitionCommand, changes);
    const done = await runCommand(deps, tx, msg, actor, command as DeskCommand, changes);
    // issue 13: `办结 N` + the after picture
    return msg.photo && 'id' in command ? [...done, ...withStaffPhoto(deps, msg, actor, command.id, changes)] : done;
  }
  if (state.phase === 'attaching' && dialog() && msg.photo) return attachToRequest(deps, tx, msg, actor, state.requestId, changes);
  if (dialog()) return intake(deps, tx, msg, actor, area, state, changes, 'input', msg.text);
  // A photo alone right after a receipt (or after `补充 N`) belongs to that request.
  const follow = msg.photo && (!msg.text || msg.voiceSeconds !== undefined) ? await followUpTarget(tx, msg, actor) : null;
  if (follow !== null) return attachToRequest(deps, tx, msg, actor, follow, changes);
  if (msg.addressed || msg.chatType === 'private') {
    if (msg.kind === 'other') return [replyTo(msg, t('dialog.unsupported', {}, deps.messages.locale))];
    return intake(deps, tx, msg, actor, area, state, changes, 'start', msg.text);
  }
  if (chat?.passive && actor.role === 'household' && msg.kind === 'text') return offerIfRequest(deps, tx, msg, msg.text);
  return null; // ordinary group chatter: no noise
}

function intake(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, area: string | null, state: DialogState, changes: Changes, type: 'start' | 'input', text: string, command = false) {
  if (!area) return Promise.resolve([replyTo(msg, t('private.unknown', {}, deps.messages.locale))]);
  if (msg.kind === 'other') return Promise.resolve([replyTo(msg, t('dialog.unsupported', {}, deps.messages.locale))]);
  if (msg.photo && 'draft' in state && state.draft && isActive(state, msg.at) && state.draft.photos.length >= deps.media.maxPerRequest) {
    // issue 13: the per-request limit; the text (if any) still counts.
    const refused = replyTo(msg, t('media.tooMany', { max: deps.media.maxPerRequest }, deps.messages.locale));
    if (!msg.text) return Promise.resolve([refused]);
    return runDialog(deps, tx, msg, actor, area, state, { type, text, photo: null, now: msg.at, command }, changes).then((out) => [refused, ...out]);
  }
  return runDialog(deps, tx, msg, actor, area, state, { type, text, photo: msg.photo, now: msg.at, command }, changes);
}

/** The grid a request from this person in this chat belongs to: the chat's, else the person's own. */
function homeArea(actor: Actor, chat: ChatBinding | null): string | null {
  return chat?.areaCode ?? (actor.role === 'household' ? actor.areaCode : null);
}

/** A lone `1`/`满意` rates the request whose prompt it replies to, or the sender's only one awaiting a rating. */
async function ratingTarget(tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<number | null> {
  if (msg.replyToMessageId) {
    const ref = await tx.messages.findSentRef(msg.channel, msg.chatId, msg.replyToMessageId);
    const m = ref ? /^rate:(\d+)$/.exec(ref) : null;
    if (m) return Number(m[1]);
  }
  const awaiting = (await tx.requests.listByReporter(actor.personId, 20)).filter((r) => r.status === 'resolved');
  return awaiting.length === 1 ? awaiting[0].id : null;
}

function buttonCommand(data: string): { ok: true; command: Command } | null {
  const ack = /^ack:(\d+)$/.exec(data);
  if (ack) return { ok: true, command: { type: 'ack', id: Number(ack[1]) } };
  const notice = /^notice:(\d+):(confirm|cancel)$/.exec(data);
  if (notice) return { ok: true, command: { type: notice[2] === 'confirm' ? 'noticeConfirm' : 'noticeRecall', id: Number(notice[1]) } };
  const book = /^book:(\d{1,3})$/.exec(data); // issue 18: a reception to book, by its number in the list
  if (book) return { ok: true, command: { type: 'book', filter: book[1] } };
  const m = /^rate:(\d+):(\w+)$/.exec(data);
  if (!m || !(RATINGS as readonly string[]).includes(m[2])) return null;
  return { ok: true, command: { type: 'rate', id: Number(m[1]), rating: m[2] as Rating } };
}

const PASSIVE_EVERY_MS = 3_600_000;

/** Passive detection: one gentle offer per sender and hour, for a message that reads like a request. */
async function offerIfRequest(deps: BotDeps, tx: StoreTx, msg: InboundMessage, text: string): Promise<OutboundMessage[] | null> {
  const reading = deps.dialog.classify ? deps.dialog.classify(text) : classifyByKeywords(text);
  if (!readsLikeRequest(text, reading)) return null;
  const ref = `passive:${msg.senderId}`;
  if (await tx.messages.recentlyQueued(msg.channel, msg.chatId, ref, msg.at - PASSIVE_EVERY_MS)) return null;
  await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, offerToRegister(text, msg.at, deps.dialog));
  return [replyTo(msg, t('passive.offer', {}, deps.messages.locale), { ref })];
}
