/**
 * Issues a formal 信访 document: the next number of the county, year and kind (a database
 * sequence row: never the same number twice, across processes), the content (core), the PDF
 * (the injected renderer), kept on the dossier (the blob store's table + a document row, in the
 * same transaction), and the messages that bring it to the household: on Telegram the file itself,
 * privately; elsewhere a line in the household's chat saying it is ready, and `文书 N` privately
 * gives the link. A document names the petitioner and the matter: it never goes into a group.
 */
import { randomBytes } from 'node:crypto';
import type { CitizenRequest, OutboundMessage, RequestEvent } from '../../core/model';
import { chineseDate, defaultPrefix, documentContent, documentFileName, documentNumber, KIND_WORD, type DocumentKind } from '../../core/petitions/documents';
import type { Petition } from '../../core/petitions/petition';
import { ancestorAt } from '../../core/queue';
import { t } from '../../core/texts';
import { summarize } from '../../core/text-tools';
import { maskPersonalData } from '../../core/privacy/mask';
import { formatTime } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { privateChat } from '../notify/notify';
import type { PetitionDocument, StoreTx } from '../ports';

/** The county of a request and its 信访 office's name and number prefix. */
export function officeOf(deps: BotDeps, request: CitizenRequest): { county: string; countyName: string; office: string; prefix: string } {
  const county = ancestorAt(deps.tree, request.areaCode, 'county');
  const countyName = county?.name ?? '';
  return {
    county: county?.code ?? request.areaCode, countyName,
    office: deps.petitions.settings.office ?? `${countyName}信访局`,
    prefix: deps.petitions.settings.documentPrefix ?? defaultPrefix(countyName),
  };
}

/** Where the petitioner may ask for 复查 / 复核: the county's office for a township's answer, else the level above. */
function upperOffice(deps: BotDeps, request: CitizenRequest): string {
  const queueArea = request.queue.kind === 'area' ? deps.tree.get(request.queue.code) : undefined;
  const { office } = officeOf(deps, request);
  return queueArea && queueArea.level !== 'county' ? office : t('petition.doc.upper', {}, deps.messages.locale);
}

/** The request's matter in a few words, masked (no phone or ID number ever goes on paper twice). */
export function matterOf(request: CitizenRequest): string {
  return summarize(maskPersonalData(request.detail), 40);
}

export interface IssuedDocument {
  document: PetitionDocument;
  title: string;
  event: RequestEvent;
  messages: OutboundMessage[];
}

/** Issues a document of `kind` for the petition; `text` is the decision, reason or opinion. */
export async function issueDocument(deps: BotDeps, tx: StoreTx, request: CitizenRequest, petition: Petition, kind: DocumentKind, text: string, actorId: number | null, extra: { days?: number; dueAt?: number } = {}): Promise<IssuedDocument> {
  const render = deps.petitions.renderDocument;
  if (!render) throw new Error('No document renderer: pass renderDocument to createBotDeps (adapters/documents/petition-pdf.ts).');
  const now = deps.clock.now();
  const { timeZone, locale } = deps.messages;
  const { county, office, prefix } = officeOf(deps, request);
  const year = Number(chineseDate(now, timeZone).slice(0, 4));
  const seq = await tx.petitions.nextDocumentSeq(county, year, KIND_WORD[kind]);
  const number = documentNumber(prefix, kind, year, seq);
  const content = documentContent({
    kind, number, petitioner: request.origin.name, office, requestId: request.id, summary: matterOf(request),
    receivedDate: chineseDate(petition.receivedAt, timeZone), text, days: extra.days, dueDate: extra.dueAt ? chineseDate(extra.dueAt, timeZone) : undefined,
    upperOffice: upperOffice(deps, request), date: chineseDate(now, timeZone),
  }, locale);
  const pdf = await render(content, now);
  const document = await tx.petitions.addDocument({ requestId: request.id, kind, number, countyCode: county, year, seq, pdf, token: randomBytes(18).toString('base64url'), createdBy: actorId });
  const event: RequestEvent = { requestId: request.id, type: 'petition_document', at: now, actorId, fromStatus: request.status, toStatus: request.status, note: `${content.title} ${number}` };
  return { document, title: content.title, event, messages: await deliverDocument(deps, tx, request, document, content.title) };
}

/** A document's link for channels without files (a capability URL: 144 random bits). */
export function documentUrl(deps: BotDeps, doc: PetitionDocument): string {
  return `${deps.consoleUrl ?? ''}/documents/${doc.token}`;
}

/** The document to the household: the file privately on Telegram; elsewhere a line in their chat (the link only privately). */
export async function deliverDocument(deps: BotDeps, tx: StoreTx, request: CitizenRequest, doc: PetitionDocument, title: string): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const caption = t('petition.doc.link', { title, number: doc.number, url: documentUrl(deps, doc) }, locale);
  const file = { ref: `blob:${doc.blobSha}`, filename: documentFileName({ title, number: doc.number } as never) };
  const out: OutboundMessage[] = [];
  const contacts = await tx.people.contactsOf([request.reporterId]);
  const origin = request.origin;
  const telegram = contacts.find((c) => c.channel === 'telegram');
  if (telegram) out.push({ ...privateChat(telegram), text: caption, document: file, dedupeKey: `doc:${doc.id}@telegram:${telegram.externalId}` });
  if (origin.channel !== 'telegram' || !telegram) {
    // The household's own chat hears that it is ready; the link itself is given only privately (`文书 N`).
    const privateOrigin = origin.chatId === origin.userId || origin.chatId.startsWith('app:');
    out.push({ channel: origin.channel, chatId: origin.chatId, text: privateOrigin ? caption : t('petition.doc.ready', { title, number: doc.number, id: request.id }, locale), mention: request.sensitive || privateOrigin ? undefined : { userId: origin.userId, name: origin.name }, dedupeKey: `doc:${doc.id}@${origin.channel}:${origin.chatId}` });
  }
  return out;
}

/** `文书 N`: the documents of a petition, each with its link, privately. */
export async function documentsText(deps: BotDeps, tx: StoreTx, requestId: number): Promise<string> {
  const docs = await tx.petitions.documents(requestId);
  const { locale, timeZone } = deps.messages;
  if (docs.length === 0) return t('petition.doc.none', { id: requestId }, locale);
  return docs.map((d) => `${formatTime(d.createdAt, timeZone)} ${t(`petition.doc.title.${d.kind}` as never, {}, locale)}（${d.number}）：${documentUrl(deps, d)}`).join('\n');
}
