/**
 * Flood defence at intake (issue 11): a household's messages to the bot are counted per sender
 * (per minute and per hour) and per chat (per minute) in the database, so every minhu process
 * sees the same counts; past a limit the sender hears ONE polite line and then silence. The
 * same text from the same sender in the same chat within a short window is handled once.
 * Staff are not limited: they are the org's own, and must be able to work a busy group.
 */
import { parseCommand } from '../../core/command-grammar';
import { isActive } from '../../core/intake-dialog';
import type { InboundMessage, OutboundMessage } from '../../core/model';
import { normalizeText } from '../../core/text-tools';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import type { InboundContext, StoreTx } from '../ports';

/** The limits (see README "Configuration"; 0 turns the repeat window or urgent alerts off). */
export interface FloodLimits {
  /** Messages for the bot per household per minute. (default: 10) */
  senderPerMinute: number;
  /** Messages for the bot per household per hour. (default: 60) */
  senderPerHour: number;
  /** Messages for the bot from households in one chat per minute. (default: 60) */
  chatPerMinute: number;
  /** The same text from the same sender within this window counts once. (default: 120 s) */
  repeatMs: number;
  /** Urgent alerts one household may set off per hour; further urgent reports get the receipt only. (default: 2) */
  urgentPerHour: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { senderPerMinute: 10, senderPerHour: 60, chatPerMinute: 60, repeatMs: 120_000, urgentPerHour: 2 };

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Short answers (是, 1, 满意, 收到 …) may well be repeated on purpose: never collapsed. */
const SHORTEST_COLLAPSED = 5;

/** What to do with a message: handle it, or answer with `reply` (possibly nothing) and stop. */
export type GuardVerdict = { pass: true } | { pass: false; reply: OutboundMessage[] };

/** Decides, before routing, whether a fresh message is handled. Writes only the counters. */
export async function guardIntake(deps: BotDeps, tx: StoreTx, msg: InboundMessage, context: InboundContext): Promise<GuardVerdict> {
  const limits = deps.flood;
  if (context.person && context.person.role !== 'household') return { pass: true };
  if (!isForTheBot(msg, context)) return { pass: true };
  const guard = tx.guard;
  const text = normalizeText(msg.text);
  if (limits.repeatMs > 0 && !msg.buttonData && [...text].length >= SHORTEST_COLLAPSED) {
    const first = await guard.firstInWindow(`${msg.channel}:${msg.chatId}:${msg.senderId}`, text, msg.at, limits.repeatMs);
    if (!first) return { pass: false, reply: [] };
  }
  const sender = `s:${msg.channel}:${msg.senderId}`;
  const chat = `c:${msg.channel}:${msg.chatId}`;
  const group = msg.chatType === 'group';
  const [perMinute, perHour, inChat] = await guard.bump([
    { key: sender, windowStart: windowOf(msg.at, MINUTE) },
    { key: `${sender}:h`, windowStart: windowOf(msg.at, HOUR) },
    ...(group ? [{ key: chat, windowStart: windowOf(msg.at, MINUTE) }] : []),
  ]);
  const senderOver = perMinute > limits.senderPerMinute || perHour > limits.senderPerHour;
  const chatOver = group && inChat > limits.chatPerMinute;
  if (!senderOver && !chatOver) return { pass: true };
  // One polite line per sender (or, when the whole chat is flooded, per chat) and hour.
  const [refusals] = await guard.bump([{ key: senderOver ? `n:${sender}` : `n:${chat}`, windowStart: windowOf(msg.at, HOUR) }]);
  return { pass: false, reply: refusals === 1 ? [replyTo(msg, t('flood.slowDown', {}, deps.messages.locale), { ref: `flood:${msg.senderId}` })] : [] };
}

/** Urgent alerts are limited per sender: true when this household may still set one off. */
export async function mayAlertUrgently(deps: BotDeps, tx: StoreTx, personId: number, now: number): Promise<boolean> {
  if (deps.flood.urgentPerHour <= 0) return false;
  return (await tx.guard.urgentSince(personId, now - HOUR)) < deps.flood.urgentPerHour;
}

/** Messages minhu would act on: private, addressed, buttons, commands, or answers to its question. */
function isForTheBot(msg: InboundMessage, context: InboundContext): boolean {
  return msg.chatType === 'private' || msg.addressed || !!msg.buttonData || isActive(context.dialog, msg.at) || parseCommand(msg.text) !== null;
}

const windowOf = (at: number, size: number) => Math.floor(at / size) * size;
