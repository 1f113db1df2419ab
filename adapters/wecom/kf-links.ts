/**
 * Issue 12: one 微信客服 link per grid (`kf/add_contact_way`, scene = the grid's code, which the
 * org file already keeps to `[A-Za-z0-9_-]{1,32}`), created once and stored; the rating link is
 * the grid's link with `scene_param=rate-N`.
 */
import type { Store } from '../../bots/ports';
import type { KfApi } from './kf-api';
import { withSceneParam } from './kf-api';

export interface KfLinks {
  /** The grid's link, created (and stored) on first use. */
  ensure(areaCode: string): Promise<string>;
  /** The grid's link with a scene_param (`rate-12`); null when it cannot be had. */
  withParam(areaCode: string, param: string): Promise<string | null>;
}

export function createKfLinks(api: KfApi, store: Store, openKfid: string): KfLinks {
  const cache = new Map<string, string>();
  async function ensure(areaCode: string): Promise<string> {
    const cached = cache.get(areaCode);
    if (cached) return cached;
    let url = await store.transaction((tx) => tx.kf.link(openKfid, areaCode));
    if (!url) {
      const made = await api.addContactWay(openKfid, areaCode);
      // Two processes at once: the first stored link wins and both use it.
      url = await store.transaction((tx) => tx.kf.saveLink(openKfid, areaCode, areaCode, made));
    }
    cache.set(areaCode, url);
    return url;
  }
  return {
    ensure,
    async withParam(areaCode, param) {
      try {
        return withSceneParam(await ensure(areaCode), param);
      } catch {
        return null;
      }
    },
  };
}
