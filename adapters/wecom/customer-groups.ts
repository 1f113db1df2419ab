/**
 * Issue 12: the corp's customer groups (客户群) — `externalcontact/groupchat/list` (cursor paged)
 * and `groupchat/get` (members with their type: 1 corp member, 2 WeChat user), called at a steady
 * pace; and the refresher that keeps member counts current after `change_external_chat` events
 * (the event is recorded as "stale" before WeCom hears 200, then the group is fetched again).
 */
import { errorSummary } from '../../core/error-summary';
import type { CustomerGroup, Store } from '../../bots/ports';
import type { Logger } from '../logger';
import type { WecomApi } from './wecom-api';

/** One group as `groupchat/get` describes it, with its members counted by type. */
export interface GroupDetail extends CustomerGroup {
  /** Corp member userids (the group's staff), for the binding suggestions. */
  staff: string[];
}

/** Waits so that calls keep to `perSecond`. */
export function pacer(perSecond: number): () => Promise<void> {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

/** `groupchat/get` of one group. */
export async function getGroup(api: WecomApi, chatId: string): Promise<GroupDetail> {
  const reply = await api.post('/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 });
  const g = (reply.group_chat ?? {}) as { chat_id?: unknown; name?: unknown; owner?: unknown; member_list?: unknown };
  const members = Array.isArray(g.member_list) ? (g.member_list as { userid?: unknown; type?: unknown }[]) : [];
  return {
    chatId: typeof g.chat_id === 'string' ? g.chat_id : chatId,
    name: typeof g.name === 'string' ? g.name : '',
    owner: typeof g.owner === 'string' ? g.owner : '',
    corpMembers: members.filter((m) => m.type === 1).length,
    externalMembers: members.filter((m) => m.type === 2).length,
    staff: members.filter((m) => m.type === 1 && typeof m.userid === 'string').map((m) => m.userid as string),
  };
}

/** Every customer group of the corp (or of the given owners): list page by page, then get each, paced. */
export async function listCustomerGroups(api: WecomApi, options: { perSecond: number; owners?: string[]; onProgress?: (done: number) => void }): Promise<GroupDetail[]> {
  const wait = pacer(options.perSecond);
  const ids: string[] = [];
  let cursor = '';
  for (let page = 0; page < 10_000; page++) {
    await wait();
    const reply = await api.post('/cgi-bin/externalcontact/groupchat/list', {
      status_filter: 0, ...(options.owners?.length ? { owner_filter: { userid_list: options.owners } } : {}), cursor, limit: 1000,
    });
    const list = Array.isArray(reply.group_chat_list) ? (reply.group_chat_list as { chat_id?: unknown }[]) : [];
    for (const g of list) if (typeof g.chat_id === 'string') ids.push(g.chat_id);
    cursor = typeof reply.next_cursor === 'string' ? reply.next_cursor : '';
    if (!cursor) break;
  }
  const out: GroupDetail[] = [];
  for (const id of [...new Set(ids)]) {
    await wait();
    out.push(await getGroup(api, id));
    options.onProgress?.(out.length);
  }
  return out;
}

export interface GroupRefresher {
  /** A `change_external_chat` event: recorded (resolve = stored), then the group is fetched again. */
  noteChange(chatId: string, changeType: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Keeps member counts current: stale groups are fetched again at a steady pace. */
export function createGroupRefresher(api: WecomApi, store: Store, options: { perSecond: number; log: Logger; pollMs?: number }): GroupRefresher {
  const wait = pacer(options.perSecond);
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  async function round(): Promise<void> {
    for (;;) {
      const stale = await store.transaction((tx) => tx.reach.staleGroups(20));
      if (stale.length === 0 || stopped) return;
      for (const chatId of stale) {
        await wait();
        try {
          const detail = await getGroup(api, chatId);
          await store.transaction((tx) => tx.reach.saveGroup(detail));
        } catch (e) {
          options.log.warn('wecom: customer group could not be fetched; tried again later', { chatId, error: errorSummary(e) });
          return;
        }
      }
    }
  }

  const run = () => {
    if (running || stopped) return;
    running = round().catch((e: unknown) => void options.log.warn('wecom: customer group refresh failed', { error: errorSummary(e) })).finally(() => {
      running = null;
    });
  };

  return {
    async noteChange(chatId, changeType) {
      await store.transaction((tx) => (changeType === 'dismiss' ? tx.reach.dismiss(chatId) : tx.reach.markStale(chatId)));
      run();
    },
    start() {
      stopped = false;
      timer = setInterval(run, options.pollMs ?? 60_000);
      timer.unref?.();
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
