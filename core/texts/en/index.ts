/** The English table, the second locale: the same keys as zh-CN (checked by the type). */
import type { TextId } from '../zh-CN';
import { base } from './base';
import { workspace } from './console'; // issue 17

export const en: Record<TextId, string> = {
  ...base,
  ...workspace,
};
