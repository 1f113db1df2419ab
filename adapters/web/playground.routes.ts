/**
 * The playground: a simulated grid group in the browser. Visitors pick who they are (a
 * household, or a staff member of the demo org) and talk to minhu through the web channel —
 * the same inbound handler, intake, desk and outbox as WeCom and Telegram. Served only when
 * enabled (see `playgroundEnabled`): anyone here can speak as any staff member.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { blobRef, type BlobStore } from '../../bots/ports/blobs';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { InboundMessage } from '../../core/model';
import type { Store } from '../../bots/ports';
import { t, type TextId } from '../../core/texts';
import { addFontRoutes } from './fonts.routes';
import { securityHeaders } from './security-headers';
import { hasNul, wellFormed } from './storable-text';
import { createStreamCaps, sendEvents, type StreamCaps } from './sse';
import type { WebChats } from './web-chat';

/** Households a visitor can be (they become households of the chat's grid on first message). */
export const PLAYGROUND_HOUSEHOLDS = [
  { id: 'h-wangdama', name: '王大妈' },
  { id: 'h-lidaye', name: '李大爷' },
  { id: 'h-chenayi', name: '陈阿姨' },
  { id: 'h-liushifu', name: '刘师傅' },
];
const ROLE_NAMES: Record<string, string> = {
  grid_worker: '网格员', grid_leader: '网格长', dispatcher: '调度员', department_staff: '部门', supervisor: '纪检监察', admin: '管理员',
};
const BOT_MENTION = /^@(民呼|minhu)\s*/i;
/** Largest photo accepted, as base64 characters (~150 kB of PNG). */
const PHOTO_MAX_CHARS = 200_000;
/** The guided demo's narration (core/texts), sent with the setup so the page holds no wording of its own. */
const DEMO_TEXTS = ['demo.start', 'demo.report', 'demo.ask', 'demo.claim', 'demo.resolve', 'demo.rate', 'demo.urgent', 'demo.notice', 'demo.ack', 'demo.report.chart', 'demo.done', 'demo.stopped', 'demo.failed'] as const satisfies readonly TextId[];

/** Text PostgreSQL can store: no NUL (a 400, not a 500); lone surrogates become U+FFFD. */
const storable = (max: number) => z.string().max(max).refine((v) => !hasNul(v), 'must not contain NUL characters').transform(wellFormed);
/** A chat or person id as given in a query string: short, printable, or nothing. */
const idParam = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 64 && !/[\u0000-\u001f]/.test(v) ? wellFormed(v) : null);

const postSchema = z.object({
  chat: storable(64).pipe(z.string().min(1)),
  from: storable(64).pipe(z.string().min(1)),
  text: storable(2000).optional(),
  button: storable(128).optional(),
  messageId: z.number().int().positive().optional(),
  /** A photo as a PNG data URL (the guided demo draws one); the text, if any, is its caption. */
  photo: z.string().max(PHOTO_MAX_CHARS).regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'a PNG data URL').optional(),
}).refine((b) => (b.text?.trim() || b.photo ? !b.button : !!b.button), 'give text (or a photo) or a button, not both');

export interface PlaygroundOptions {
  store: Store;
  webChats: WebChats;
  handle: (msg: InboundMessage) => Promise<void>;
  /** issue 13: where photos are kept (absent: the photo is shown in the chat but not kept). */
  blobs?: BlobStore;
  /** Caps on open event streams (default: 20 per address, 1,000 in all). */
  streams?: StreamCaps;
}

export function createPlaygroundRouter({ store, webChats, handle, blobs, streams = createStreamCaps({ perIp: 20, total: 1000 }) }: PlaygroundOptions): Router {
  const router = express.Router();
  router.use('/playground', securityHeaders({ noStore: false }));
  router.get('/playground', (_req, res) => res.sendFile(path.join(__dirname, 'public', 'playground.html')));
  for (const file of ['playground.js', 'playground-pane.js', 'playground-demo.js', 'playground.css']) {
    router.get(`/playground/${file}`, (_req, res) => res.type(file.endsWith('.css') ? 'text/css' : 'application/javascript').sendFile(path.join(__dirname, 'public', file)));
  }
  addFontRoutes(router);

  const webChatList = () => store.transaction((tx) => tx.web.groups());
  const staffList = (id?: string) => store.transaction((tx) => tx.web.staff(id));

  router.get('/playground/api/setup', async (_req, res) => {
    const staff = (await staffList()).map((s) => ({ ...s, label: `${s.name}(${ROLE_NAMES[s.role] ?? s.role})` }));
    // The page opens on the first chat: the group of the first grid worker (the README's story: 张网格's
    // 王家村1-3组网格群), then the other household groups, then dispatch centres and departments.
    const home = staff.find((s) => s.role === 'grid_worker')?.area;
    const rank = (c: { area: string | null }) => (c.area !== null && c.area === home ? 0 : 1);
    const chatsInOrder = (await webChatList()).sort((a, b) => rank(a) - rank(b) || (b.area?.length ?? 0) - (a.area?.length ?? 0));
    const narration = Object.fromEntries(DEMO_TEXTS.map((id) => [id, t(id)]));
    res.json({ chats: chatsInOrder, households: PLAYGROUND_HOUSEHOLDS.map((h) => ({ ...h, label: `${h.name}(居民)` })), staff, narration });
  });

  const knownChat = (chat: string) => store.transaction((tx) => tx.web.isGroup(chat));
  /** A person's private chat with minhu has the person's web id as its chat id. */
  const isPerson = async (id: string) => PLAYGROUND_HOUSEHOLDS.some((h) => h.id === id) || (await staffList(id)).length > 0;

  router.get('/playground/api/events', async (req, res) => {
    const chat = idParam(req.query.chat);
    if (chat === null || (!(await knownChat(chat)) && !(await isPerson(chat)))) {
      res.status(404).json({ error: `no web chat "${chat ?? ''}"` });
      return;
    }
    const release = streams.open(req.ip ?? '');
    if (release === 'ip' || release === 'total') {
      // Polite refusals: the browser's EventSource retries by itself a little later.
      res.setHeader('Retry-After', '30');
      res.status(release === 'ip' ? 429 : 503).json({ error: release === 'ip' ? 'too many open event streams from your address; close some tabs' : 'the playground is full; try again in a minute' });
      return;
    }
    const after = Number(req.get('last-event-id') ?? req.query.after ?? 0);
    sendEvents(req, res, webChats, chat, Number.isSafeInteger(after) && after > 0 ? after : 0, release);
  });

  router.post('/playground/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
    const parsed = postSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const { chat, from, text, button, messageId, photo } = parsed.data;
    if (chat !== from && !(await knownChat(chat))) {
      res.status(404).json({ error: `no web chat "${chat}"` });
      return;
    }
    const household = PLAYGROUND_HOUSEHOLDS.find((h) => h.id === from);
    const staff = household ? null : (await staffList(from))[0];
    if (!household && !staff) {
      res.status(400).json({ error: `unknown person "${from}": pick one from /playground/api/setup` });
      return;
    }
    const senderName = household?.name ?? staff!.name;
    const now = Date.now();
    const base = { channel: 'web' as const, chatId: chat, chatType: chat === from ? 'private' as const : 'group' as const, senderId: from, senderName, photo: null, at: now, messageId: randomUUID() };
    if (button) {
      await handle({ ...base, text: '', addressed: true, sourceMessageId: null, replyToMessageId: messageId ? String(messageId) : null, buttonData: button, kind: 'button' });
      res.status(202).json({ ok: true });
      return;
    }
    const said = (text ?? '').trim();
    const png = photo ? photo.slice(photo.indexOf(',') + 1) : null;
    const posted = await webChats.post({ chatId: chat, senderId: from, senderName, text: said, imagePng: png });
    const addressed = BOT_MENTION.test(said);
    // issue 13: the photo is stored at once (sniffed, size-checked); the request refers to the blob.
    const stored = png && blobs ? await blobs.put(Buffer.from(png, 'base64')) : null;
    const issue = png && !stored?.ok ? { mediaIssue: stored && !stored.ok && stored.error === 'BLOB.TOO_LARGE' ? 'tooLarge' as const : stored ? 'badType' as const : 'failed' as const } : {};
    await handle({
      ...base, text: said.replace(BOT_MENTION, ''), addressed, sourceMessageId: String(posted.id), replyToMessageId: null, buttonData: null,
      photo: stored?.ok ? blobRef(stored.blob.sha256) : null, kind: png ? 'photo' : 'text', ...issue,
    });
    res.status(202).json({ ok: true, id: posted.id });
  });
  return router;
}
