/**
 * `工作台` / `/console`: a one-time link that signs a staff member in to the web console.
 * The token is stored only as its SHA-256; the link works once, for 10 minutes, and is sent
 * to the person privately (never into a group, where anyone could use it first).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { privateChat } from '../notify/notify';
import type { StoreTx } from '../ports';

export const CONSOLE_LINK_TTL_MS = 10 * 60_000;

/** SHA-256 of a token, hex: how console tokens are stored and looked up. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function consoleLink(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  if (!deps.consoleUrl) return [replyTo(msg, t('console.off', {}, locale))];
  const token = randomBytes(24).toString('base64url');
  await tx.consoleLogins.issue(actor.personId, tokenHash(token), deps.clock.now() + CONSOLE_LINK_TTL_MS);
  const text = t('console.link', { url: `${deps.consoleUrl}/console/login/${token}`, minutes: CONSOLE_LINK_TTL_MS / 60_000 }, locale);
  if (msg.chatType === 'private') return [replyTo(msg, text)];
  const contact = (await tx.people.contactsOf([actor.personId])).find((c) => c.channel === msg.channel);
  if (!contact) return [replyTo(msg, t('console.noPrivate', {}, locale))];
  return [{ ...privateChat(contact), text }, replyTo(msg, t('console.sentPrivately', {}, locale))];
}
