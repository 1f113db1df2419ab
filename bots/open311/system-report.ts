/**
 * Issue 19: a report from another system (a 12345 hotline over Open311) enters like any other
 * channel's — through the inbox and `handleInbound`, deduplicated on (channel `open311`, the
 * system's caller id) — but in fields: it is registered as it says, without the dialog's
 * questions (a machine cannot answer "where?"), in the grid its place names, else in the area of
 * the system's key. The receiving unit's group hears of it like any report that skips the grid.
 */
import { CATEGORY_NAMES } from '../../core/categories';
import { areaOfPlace } from '../../core/open311';
import type { RequestDraft } from '../../core/intake-dialog';
import type { InboundMessage, OutboundMessage } from '../../core/model';
import { normalizeText } from '../../core/text-tools';
import { cutText } from '../../core/text-cut';
import type { BotDeps } from '../deps';
import { registerRequest } from '../intake/register';
import type { Changes, InboundContext, StoreTx } from '../ports';

/** The channel id of a system's reports: `open311` chat `<system>`; the sender is the caller. */
export const OPEN311_CHANNEL = 'open311' as const;

/**
 * Registers `msg.report` (already deduplicated by `openInbound`) and writes it with its
 * messages. Returns the messages (the receipt to the `open311` chat is delivered nowhere: the
 * system hears by webhooks and GET requests).
 */
export async function registerSystemReport(deps: BotDeps, tx: StoreTx, msg: InboundMessage, context: InboundContext, changes: Changes): Promise<OutboundMessage[]> {
  const report = msg.report!;
  const root = deps.tree.all().find((a) => a.parent === null)!;
  const named = report.areaCode ? deps.tree.get(report.areaCode) : null;
  // The chat of a system is bound to its default area (the key's); unbound: the county.
  const fallback = context.chat?.areaCode ?? root.code;
  const area = named ?? areaOfPlace(report.place, deps.tree) ?? deps.tree.get(fallback) ?? root;
  const actor = context.person ?? (await tx.people.registerHousehold(msg.channel, msg.senderId, msg.senderName, area.code));
  const geo = report.lat !== null && report.lng !== null ? [`geo:${report.lat},${report.lng}`] : [];
  const draft: RequestDraft = {
    detail: cutText(normalizeText(msg.text), 4000, '…') || `${CATEGORY_NAMES[report.category].zh}：${report.place ?? area.name}`,
    category: report.category,
    place: report.place,
    phone: report.phone,
    photos: [...report.photos.slice(0, deps.media.maxPerRequest - geo.length), ...geo],
  };
  const system = context.chat?.title ?? report.system;
  const { request, out } = await registerRequest(deps, tx, msg, actor, area.code, draft, msg.at, changes, { from: system });
  await tx.open311.link(report.system, report.externalId ?? `token:${report.token}`, report.token, request.id);
  changes.messages = out;
  await tx.write(changes);
  return out;
}
