/**
 * The zh-CN table: every capability's texts, merged. A capability adds `./<topic>.ts`
 * (`export const <topic> = { … } as const`) and one line below; keys are `<topic>.<name>`.
 */
import { base } from './base';
import { kf } from './kf';
import { petitions } from './petitions';
import { open311 } from './open311';
import { work } from './work'; // issue 14
import { workspace } from './console'; // issue 17
import { talk } from './talk'; // issue 14: a natural conversation

export const zhCN = {
  ...base,
  ...kf, // issue 12: WeCom households
  ...petitions, // issue 18
  ...open311, // issue 19
  ...work, // issue 14
  ...workspace, // issue 17
  ...talk, // issue 14
} as const;

/** Every text id (the keys of the zh-CN table; en must have the same). */
export type TextId = keyof typeof zhCN;
