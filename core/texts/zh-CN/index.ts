/**
 * The zh-CN table: every capability's texts, merged. A capability adds `./<topic>.ts`
 * (`export const <topic> = { … } as const`) and one line below; keys are `<topic>.<name>`.
 */
import { base } from './base';
import { workspace } from './console'; // issue 17

export const zhCN = {
  ...base,
  ...workspace,
} as const;

/** Every text id (the keys of the zh-CN table; en must have the same). */
export type TextId = keyof typeof zhCN;
