/** The English table, the second locale: the same keys as zh-CN (checked by the type). */
import type { TextId } from '../zh-CN';
import { base } from './base';
import { work } from './work'; // issue 14

export const en: Record<TextId, string> = {
  ...base,
  ...work,
};
