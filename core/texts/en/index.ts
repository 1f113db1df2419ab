/** The English table, the second locale: the same keys as zh-CN (checked by the type). */
import type { TextId } from '../zh-CN';
import { base } from './base';
import { kf } from './kf';
import { petitions } from './petitions';
import { open311 } from './open311';
import { work } from './work'; // issue 14
import { workspace } from './console'; // issue 17
import { talk } from './talk'; // issue 14: a natural conversation

export const en: Record<TextId, string> = {
  ...base,
  ...kf, // issue 12: WeCom households
  ...petitions, // issue 18
  ...open311, // issue 19
  ...work, // issue 14
  ...workspace, // issue 17
  ...talk, // issue 14
};
