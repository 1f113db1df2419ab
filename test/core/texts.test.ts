/**
 * Every user-facing text (core/texts): Chinese with full-width punctuation, the English locale
 * complete, the same placeholders in both. A villager reads these on a phone.
 */
import { en } from '../../core/texts/en';
import { zhCN, type TextId } from '../../core/texts/zh-CN';

/** The text outside `{placeholders}`, URLs and clock times (`09:00`), where ASCII punctuation may stand. */
function prose(text: string): string {
  return text.replace(/\{\w+\}/g, '').replace(/https?:\/\/\S+/g, '').replace(/\d:\d/g, '');
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const ids = Object.keys(zhCN) as TextId[];

describe('user-facing texts', () => {
  it('should use full-width punctuation in every Chinese text', () => {
    const offenders = ids.filter((id) => /[,:;?!()"]/.test(prose(zhCN[id]))).map((id) => `${id}: ${zhCN[id]}`);
    expect(offenders).toEqual([]);
  });

  it('should have every text in English with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual([...ids].sort());
    const mismatched = ids.filter((id) => placeholders(en[id]).join() !== placeholders(zhCN[id]).join());
    expect(mismatched).toEqual([]);
  });

  it('should never leave a Chinese text empty unless it is a deliberate blank', () => {
    const empty = ids.filter((id) => zhCN[id].trim() === '' && !/^hint\./.test(id));
    expect(empty).toEqual([]);
  });
});
