/**
 * The single entry for every channel: one InboundMessage in, processed at most once.
 * Dedupe, routing to intake or desk, and the queued replies commit in one transaction.
 */
import { parseCommand, type Command } from '../core/command-grammar';
import { isActive } from '../core/intake-dialog';
import type { Actor, InboundMessage, OutboundMessage, Rating } from '../core/model';
import { RATINGS } from '../core/model';
import { t } from '../core/texts';
import { replyTo, type BotDeps } from './deps';
import { errorText, runCommand } from './desk';
import { runDialog } from './intake';
import type { ChatBinding, StoreTx } from './ports';

/** How a message was handled (for logs, tests and benchmarks). */
export type InboundOutcome = 'duplicate' | 'ignored' | 'handled';

/** Processes one inbound message. Safe to call again with the same message: the retry is ignored. */
export async function handleInbound(deps: BotDeps, msg: InboundMessage): Promise<InboundOutcome> {
  const result = await deps.store.transaction(async (tx) => {
    if (!(await tx.claimMessage(msg.channel, msg.messageId))) return { outcome: 'duplicate' as const, out: [] };
    const out = await route(deps, tx, msg);
    if (out === null) return { outcome: 'ignored' as const, out: [] };
    await tx.enqueue(out);
    return { outcome: 'handled' as const, out };
  });
  if (result.out.length > 0) deps.onQueued?.();
  return result.outcome;
}

async function route(deps: BotDeps, tx: StoreTx, msg: InboundMessage): Promise<OutboundMessage[] | null> {
  const chat = msg.chatType === 'group' ? await tx.findChat(msg.channel, msg.chatId) : null;
  const parsed = msg.buttonData ? buttonCommand(msg.buttonData) : parseCommand(msg.text);
  let actor = await tx.findPerson(msg.channel, msg.senderId);

  // An admin binds a new group before anything else can happen there.
  if (parsed?.ok && parsed.command.type === 'bind') {
    return actor ? runCommand(deps, tx, msg, actor, parsed.command) : [replyTo(msg, errorText(deps, { code: 'PERMISSION.DENIED', params: { action: 'bind' } }, null))];
  }
  if (msg.chatType === 'group' && !chat?.areaCode) {
    return msg.addressed || parsed ? [replyTo(msg, errorText(deps, { code: 'CHAT.NOT_BOUND' }, actor))] : null;
  }
  if (!actor) {
    if (msg.chatType === 'private') return [replyTo(msg, t('private.unknown', {}, deps.messages.locale))];
    actor = await tx.registerHousehold(msg.channel, msg.senderId, msg.senderName, chat!.areaCode);
  }
  const area = homeArea(actor, chat);
  const now = msg.at;
  const dialog = async () => isActive(await tx.loadDialog(msg.channel, msg.chatId, msg.senderId), now);

  if (parsed && !parsed.ok) return [replyTo(msg, errorText(deps, { code: parsed.error.code, params: { example: parsed.error.example } }, actor))];
  if (parsed?.ok) {
    const command = parsed.command;
    if (command.type === 'new') return intake(deps, tx, msg, actor, area, 'start', command.text);
    if (command.type === 'cancel') return runDialog(deps, tx, msg, actor, area ?? '', { type: 'cancel', now });
    if (command.type === 'rateBare') {
      if (await dialog()) return intake(deps, tx, msg, actor, area, 'input', msg.text);
      const id = await ratingTarget(tx, msg, actor);
      return id === null ? null : runCommand(deps, tx, msg, actor, { type: 'rate', id, rating: command.rating });
    }
    return runCommand(deps, tx, msg, actor, command);
  }
  if (await dialog()) return intake(deps, tx, msg, actor, area, 'input', msg.text);
  if (msg.addressed || msg.chatType === 'private') {
    if (msg.kind === 'other') return [replyTo(msg, t('dialog.unsupported', {}, deps.messages.locale))];
    return intake(deps, tx, msg, actor, area, 'start', msg.text);
  }
  return null; // ordinary group chatter: no noise
}

function intake(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, area: string | null, type: 'start' | 'input', text: string) {
  if (!area) return Promise.resolve([replyTo(msg, t('private.unknown', {}, deps.messages.locale))]);
  if (msg.kind === 'other') return Promise.resolve([replyTo(msg, t('dialog.unsupported', {}, deps.messages.locale))]);
  return runDialog(deps, tx, msg, actor, area, { type, text, photo: msg.photo, now: msg.at });
}

/** The grid a request from this person in this chat belongs to: the chat's, else the person's own. */
function homeArea(actor: Actor, chat: ChatBinding | null): string | null {
  return chat?.areaCode ?? (actor.role === 'household' ? actor.areaCode : null);
}

/** A lone `1`/`满意` rates the request whose prompt it replies to, or the sender's only one awaiting a rating. */
async function ratingTarget(tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<number | null> {
  if (msg.replyToMessageId) {
    const ref = await tx.findSentRef(msg.channel, msg.chatId, msg.replyToMessageId);
    const m = ref ? /^rate:(\d+)$/.exec(ref) : null;
    if (m) return Number(m[1]);
  }
  const awaiting = (await tx.listByReporter(actor.personId, 20)).filter((r) => r.status === 'resolved');
  return awaiting.length === 1 ? awaiting[0].id : null;
}

function buttonCommand(data: string): { ok: true; command: Command } | null {
  const m = /^rate:(\d+):(\w+)$/.exec(data);
  if (!m || !(RATINGS as readonly string[]).includes(m[2])) return null;
  return { ok: true, command: { type: 'rate', id: Number(m[1]), rating: m[2] as Rating } };
}
