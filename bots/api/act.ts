/**
 * Issue 19: an action of a staff system (/api/v1) is the chat command it stands for, run for the
 * system's staff identity: the same grammar, permission table and lifecycle as in WeCom or
 * Telegram, in one transaction with its timeline and outgoing messages. What minhu would have
 * answered the actor comes back in the HTTP response instead of a chat; everyone else (the
 * household, the receiving unit) hears it on their channel as usual.
 */
import { parseCommand } from '../../core/command-grammar';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { authorize, type Action } from '../../core/permissions';
import type { BotDeps } from '../deps';
import { errorText, runCommand, type DeskCommand } from '../desk/commands';
import { noChanges } from '../ports';

/** The actions the API offers, as the chat command word each one sends (like the console's). */
export const API_ACTIONS = {
  claim: { word: '认领', text: 'none' },
  reply: { word: '答复', text: 'required' },
  resolve: { word: '办结', text: 'required' },
  escalate: { word: '上报', text: 'required' },
  dispatch: { word: '派单', text: 'required' },
  transfer: { word: '转办', text: 'required' },
  return: { word: '退回', text: 'required' },
  whistle: { word: '吹哨', text: 'required' },
  reportIn: { word: '报到', text: 'optional' },
  keyCase: { word: '包案', text: 'required' },
  reject: { word: '不予受理', text: 'required' },
  recategorize: { word: '改类', text: 'required' },
  raise: { word: '加急', text: 'none' },
} as const satisfies Partial<Record<Action, { word: string; text: 'none' | 'required' | 'optional' }>>;
export type ApiAction = keyof typeof API_ACTIONS;

/** How an action ended: done (with what minhu said), refused (permission, missing request), or not possible now. */
export type ActOutcome =
  | { ok: true; reply: string; duplicate: boolean }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'conflict' | 'bad_command'; reply: string };

/**
 * Runs `action` on request `id` for `actor`. `key` makes the call idempotent: the same key again is
 * answered as a duplicate and changes nothing (processed once, like a channel's message id).
 */
export async function actOnRequest(deps: BotDeps, actor: Actor, channelChat: string, id: number, action: ApiAction, text: string, key: string): Promise<ActOutcome> {
  const command = `${API_ACTIONS[action].word} ${id}${text ? ` ${text}` : ''}`;
  const parsed = parseCommand(command);
  if (!parsed?.ok) return { ok: false, reason: 'bad_command', reply: parsed ? errorText(deps, { code: parsed.error.code, params: { example: parsed.error.example } }, actor) : command };
  const msg: InboundMessage = {
    channel: 'api', messageId: key, chatId: channelChat, chatType: 'private', senderId: channelChat, senderName: actor.name, text: command,
    addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: deps.clock.now(),
  };
  const refuse = (outcome: ActOutcome): never => {
    throw new Refused(outcome);
  };
  try {
    const result = await deps.store.transaction(async (tx): Promise<{ outcome: ActOutcome; queued: number }> => {
      const context = await tx.openInbound('api', key, channelChat, channelChat);
      if (!context.fresh) return { outcome: { ok: true, reply: '', duplicate: true }, queued: 0 };
      const request = await tx.requests.get(id);
      const allowed = request ? authorize(actor, action as Action, request, deps.tree) : null;
      if (!request || (allowed && !allowed.ok && allowed.error.code === 'REQUEST.NOT_FOUND')) refuse({ ok: false, reason: 'not_found', reply: errorText(deps, { code: 'REQUEST.NOT_FOUND', params: { id } }, actor) });
      if (allowed && !allowed.ok) refuse({ ok: false, reason: 'forbidden', reply: errorText(deps, allowed.error, actor) });
      const changes = noChanges();
      const out = await runCommand(deps, tx, msg, actor, parsed.command as DeskCommand, changes);
      const toActor = (m: OutboundMessage) => m.channel === 'api' && m.chatId === channelChat;
      const reply = out.filter(toActor).map((m) => m.text).join('\n');
      if (changes.events.length === 0) refuse({ ok: false, reason: 'conflict', reply });
      changes.messages = out.filter((m) => !toActor(m));
      await tx.write(changes);
      return { outcome: { ok: true, reply, duplicate: false }, queued: changes.messages.length };
    });
    if (result.queued > 0) deps.onQueued?.();
    return result.outcome;
  } catch (e) {
    // A refusal rolls the transaction back, the idempotency key included: the same key may try again.
    if (e instanceof Refused) return e.outcome;
    throw e;
  }
}

class Refused extends Error {
  constructor(readonly outcome: ActOutcome) {
    super('refused');
  }
}
