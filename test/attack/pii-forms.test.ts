/**
 * Attack (issue 11.7): every written form of a personal number is masked before any text
 * reaches a group, and masking happens before cutting. Numbers that are not personal — request
 * numbers, dates, times, house numbers, amounts — stay as written.
 */
import { maskPersonalData, personalNumberKinds } from '../../core/privacy/mask';
import { findPhone, summarize } from '../../core/text-tools';

/** Visible digits, with full-width ones as half-width and a +86 country code set aside. */
const visible = (s: string) => s.replace(/[\uFF10-\uFF19]/g, '0').replace(/(?:\+|00)?86(?=1)/g, '');

const FORMS: [string, string, string][] = [
  // [kind, written form, masked]
  ['mobile', '13812345678', '138****5678'],
  ['mobile', '138-1234-5678', '138-****-5678'],
  ['mobile', '138 1234 5678', '138 **** 5678'],
  ['mobile', '+86 13812345678', '+86 138****5678'],
  ['mobile', '+86-138-1234-5678', '+86-138-****-5678'],
  ['mobile', '+8613812345678', '+86138****5678'],
  ['mobile', '8613812345678', '86138****5678'],
  ['mobile', '0086 138 1234 5678', '0086 138 **** 5678'],
  ['mobile', '１３８１２３４５６７８', '１３８****５６７８'],
  ['mobile', '１３８－１２３４－５６７８'.replace(/－/g, '-'), '１３８-****-５６７８'],
  // A Chinese IME types full-width separators too (found unmasked: －, 　, ＋).
  ['mobile', '１３８－１２３４－５６７８', '１３８－****－５６７８'],
  ['mobile', '＋８６　１３８　１２３４　５６７８', '＋８６　１３８　****　５６７８'],
  ['mobile', '138_1234_5678', '138_****_5678'],
  ['mobile', '138·1234·5678', '138·****·5678'],
  ['idCard', '110101199003071234', '110***********1234'],
  ['idCard', '11010119900307123X', '110***********123X'],
  ['idCard', '11010119900307123x', '110***********123x'],
  ['idCard', '110101900307123', '110********7123'],
  // Written in its parts (region, birth date, sequence): found with the birth year showing.
  ['idCard', '110101 19900307 123X', '110*** ******** 123X'],
  ['idCard', '110101-19900307-1234', '110***-********-1234'],
  ['landline', '0371-12345678', '0371-****5678'],
  ['landline', '(0371)1234567', '(0371)***4567'],
  ['landline', '（0371）1234567', '（0371）***4567'],
  ['landline', '010 12345678', '010 ****5678'],
  ['landline', '010-1234-5678', '010-****-5678'],
  ['landline', '0371－6234－5678', '0371－****－5678'],
  ['landline', '（０３７１）６２３４５６７', '（０３７１）***４５６７'],
  ['bankCard', '6222021234567890', '6222********7890'],
  ['bankCard', '6222 0212 3456 7890', '6222 **** **** 7890'],
  ['bankCard', '6222-0212-3456-7890-123', '6222-****-****-***0-123'],
  ['bankCard', '6222021234567890123', '6222***********0123'],
  ['bankCard', '６２２２－０２１２－３４５６－７８９０', '６２２２－****－****－７８９０'],
];

describe('attack: personal numbers in every written form (issue 11.7)', () => {
  it.each(FORMS)('should mask a %s written as %s', (kind, written, masked) => {
    const text = `我的号码是${written}，麻烦尽快处理`;
    expect(maskPersonalData(text)).toBe(`我的号码是${masked}，麻烦尽快处理`);
    expect(personalNumberKinds(text)).toContain(kind);
    // No run of 5 or more visible digits is left anywhere.
    expect(visible(maskPersonalData(text))).not.toMatch(/\d{5}/);
  });

  it.each([
    '#12 已办结', '认领 12', '3组12号', '5组18号2栋1单元302室', '补贴2000元', '欠薪 35000 元', '2026-12-01 09:00', '2026年10月1日',
    '20261201', '12月1日起', '10:30-11:30', '第3次', '编号12345678901234', '门牌 1-2-301', '电费 128.50 元', '身高 175cm 体重 70kg',
  ])('should leave %s as it is', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('should mask before cutting: no number is left half-visible by a cut', () => {
    for (const [, written] of FORMS) {
      for (let max = 4; max <= 30; max++) {
        const out = summarize(`电话${written}，路灯坏了`, max);
        expect([written, max, visible(out)]).not.toEqual([written, max, expect.stringMatching(/\d{5}/)]);
      }
    }
    // The reported leak: 待办 and 进度 cut first, leaving 8 digits.
    expect(summarize('电话13812345678 路灯坏了', 12)).toBe('电话138****56…');
  });

  it('should find the mobile in any written form for the request card', () => {
    expect(findPhone('电话 +86-138-1234-5678')).toBe('13812345678');
    expect(findPhone('电话 １３８ １２３４ ５６７８')).toBe('13812345678');
    expect(findPhone('编号12345678901234')).toBeNull();
  });
});
