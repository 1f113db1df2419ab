/**
 * The large-model second opinion on the inbound path (issue 15). The bot's classify runs inside
 * the database transaction and is synchronous, so the model is asked here, BEFORE the transaction:
 * when the message would start intake (报事 …, addressed, or in a private chat) and the local
 * reading is unsure of the category or reads a possible danger. Its answer, within its time budget,
 * is handed to the dialog as the reading of that text; on any failure the local reading stands.
 * Not covered: answers to intake's questions in a group (whether a dialog is open is only known
 * inside the transaction).
 */
import { parseCommand } from '../../core/command-grammar';
import { mergeOpinion, needsSecondOpinion, type LocalReading, type SecondOpinion } from '../../core/classifier/second-opinion';
import type { InboundMessage } from '../../core/model';
import type { BotDeps } from '../deps';

/** Asks the model (masked text, the sender's name masked too); null when it has no answer. */
export type AskSecondOpinion = (text: string, names: readonly string[]) => Promise<SecondOpinion | null>;

/** The text intake would classify if `msg` starts a report, else null. */
function intakeText(msg: InboundMessage): string | null {
  if (msg.kind !== 'text' || msg.buttonData) return null;
  const parsed = parseCommand(msg.text);
  if (parsed?.ok && parsed.command.type === 'new') return parsed.command.text || null;
  if (parsed) return null;
  return msg.addressed || msg.chatType === 'private' ? msg.text.trim() || null : null;
}

/** `deps` whose classify returns the combined reading for this message's text, when the model was asked and answered. */
export async function withSecondOpinion(deps: BotDeps, msg: InboundMessage): Promise<BotDeps> {
  const ask = deps.secondOpinion;
  const classify = deps.dialog.classify;
  if (!ask || !classify) return deps;
  const text = intakeText(msg);
  if (!text) return deps;
  const local = classify(text) as LocalReading;
  if (!needsSecondOpinion(local, deps.dialog.askBelow ?? 0)) return deps;
  const opinion = await ask(text, [msg.senderName]);
  if (!opinion) return deps;
  const merged = mergeOpinion(local, opinion);
  return { ...deps, dialog: { ...deps.dialog, classify: (t) => (t.trim() === text.trim() ? merged : classify(t)) } };
}
