/**
 * Issue 12: the 微信客服 (kf) calls minhu makes, on the self-built app's token (the app is listed
 * under 微信客服 →「可调用接口的应用」). Request fields as in W94670/W94677/W95122/W94665 (copies in
 * silenceper/wechat `work/kf`). Each call throws WecomApiError unless errcode is 0.
 */
import { cutUtf8 } from '../../core/text-cut';
import type { OutboundButton } from '../../core/model';
import type { WecomApi, WecomReply } from './wecom-api';

/** kf text content limit is 2048 bytes; menus: head 1024 bytes, ≤ 10 items of id ≤ 64 B, content ≤ 128 B. */
const TEXT_BYTES = 2000;
const HEAD_BYTES = 1000;

/** A kf message body: text, or a menu of click items (buttons) under a head text. */
export type KfBody = { msgtype: 'text'; text: { content: string } } | { msgtype: 'msgmenu'; msgmenu: { head_content: string; list: { type: 'click'; click: { id: string; content: string } }[]; tail_content: string } };

/** Renders text and optional buttons as a kf message (buttons → msgmenu click items whose ids are the button data). */
export function kfBody(text: string, buttons?: OutboundButton[][]): KfBody {
  const items = (buttons ?? []).flat().filter((b) => b.data && b.label).slice(0, 10)
    .map((b) => ({ type: 'click' as const, click: { id: cutUtf8(b.data, 64, ''), content: cutUtf8(b.label, 128) } }));
  if (items.length === 0) return { msgtype: 'text', text: { content: cutUtf8(text, TEXT_BYTES) } };
  return { msgtype: 'msgmenu', msgmenu: { head_content: cutUtf8(text, HEAD_BYTES), list: items, tail_content: '' } };
}

export interface KfApi {
  /** `kf/sync_msg`: one page after `cursor`. */
  syncMsg(req: { cursor: string; token: string | null; openKfid: string; limit?: number }): Promise<WecomReply>;
  /** `kf/send_msg` to a household; returns the msgid (the one given, or WeCom's). */
  sendMsg(openKfid: string, externalUserId: string, body: KfBody, msgid: string): Promise<string>;
  /** `kf/send_msg_on_event` with an enter_session welcome_code (valid 20 s, once). */
  sendOnEvent(code: string, body: KfBody, msgid: string): Promise<string>;
  /** `kf/add_contact_way`: the account's link for `scene`. */
  addContactWay(openKfid: string, scene: string): Promise<string>;
  /** `kf/customer/batchget`: WeChat nicknames by external_userid (at most 100 per call). */
  nicknames(externalUserIds: string[]): Promise<Map<string, string>>;
}

export function createKfApi(api: WecomApi): KfApi {
  return {
    syncMsg: ({ cursor, token, openKfid, limit }) => api.post('/cgi-bin/kf/sync_msg', {
      cursor, ...(token ? { token } : {}), limit: limit ?? 1000, voice_format: 0, open_kfid: openKfid,
    }),
    async sendMsg(openKfid, externalUserId, body, msgid) {
      const reply = await api.post('/cgi-bin/kf/send_msg', { touser: externalUserId, open_kfid: openKfid, msgid, ...body });
      return typeof reply.msgid === 'string' ? reply.msgid : msgid;
    },
    async sendOnEvent(code, body, msgid) {
      const reply = await api.post('/cgi-bin/kf/send_msg_on_event', { code, msgid, ...body });
      return typeof reply.msgid === 'string' ? reply.msgid : msgid;
    },
    async addContactWay(openKfid, scene) {
      const reply = await api.post('/cgi-bin/kf/add_contact_way', { open_kfid: openKfid, scene });
      if (typeof reply.url !== 'string' || !/^https?:\/\//.test(reply.url)) throw new Error('kf/add_contact_way answered without a url');
      return reply.url;
    },
    async nicknames(ids) {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 100) {
        const reply = await api.post('/cgi-bin/kf/customer/batchget', { external_userid_list: ids.slice(i, i + 100) });
        const list = Array.isArray(reply.customer_list) ? reply.customer_list as { external_userid?: unknown; nickname?: unknown }[] : [];
        for (const c of list) if (typeof c.external_userid === 'string' && typeof c.nickname === 'string' && c.nickname.trim()) out.set(c.external_userid, c.nickname.trim().slice(0, 64));
      }
      return out;
    },
  };
}

/** The grid link with a `scene_param` (urlencoded, ≤ 128 bytes), e.g. `rate-12` for the rating menu. */
export function withSceneParam(url: string, param: string): string {
  const encoded = encodeURIComponent(param);
  if (encoded.length > 128) throw new Error(`scene_param ${param} is longer than 128 bytes`);
  return `${url}${url.includes('?') ? '&' : '?'}scene_param=${encoded}`;
}
