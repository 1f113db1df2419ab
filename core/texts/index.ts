/** Looks up user-facing texts by id and fills `{placeholders}`. */
import { en } from './en';
import { zhCN, type TextId } from './zh-CN';

export type { TextId };
export type Locale = 'zh-CN' | 'en';

const TABLES: Record<Locale, Record<TextId, string>> = { 'zh-CN': zhCN, en };

/**
 * Renders text `id` in `locale` (default zh-CN). A placeholder without a value stays visible
 * as `{name}` so that a missing parameter is noticed in tests rather than silently dropped.
 */
export function t(id: TextId, params: Record<string, string | number> = {}, locale: Locale = 'zh-CN'): string {
  const template = TABLES[locale][id];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
