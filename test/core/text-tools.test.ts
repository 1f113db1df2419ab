import { classifyByKeywords } from '../../core/categories';
import { findPhone, maskPhones, normalizeText } from '../../core/text-tools';
import { t } from '../../core/texts';
import { en } from '../../core/texts/en';
import { zhCN } from '../../core/texts/zh-CN';

describe('text tools', () => {
  it('should mask every mobile number', () => {
    expect(maskPhones('电话13812345678或15900001111')).toBe('电话138****5678或159****1111');
    expect(maskPhones('编号12345678901234')).toBe('编号12345678901234');
    expect(findPhone('联系 13812345678')).toBe('13812345678');
  });

  it('should normalise full-width digits', () => {
    expect(normalizeText('　认领 １２ ')).toBe('认领 12');
  });

  it('should classify by keywords', () => {
    expect(classifyByKeywords('我们组的水管又爆了 到处是水').category).toBe('water');
    expect(classifyByKeywords('低保啥时候能发').category).toBe('welfare');
    expect(classifyByKeywords('隔壁天天半夜打麻将吵死了').category).toBe('dispute');
    expect(classifyByKeywords('老板拖欠工资三个月').category).toBe('labor');
    expect(classifyByKeywords('随便说说')).toEqual({ category: 'other', confidence: 0 });
  });

  it('should have an English text for every Chinese one, and fill placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    expect(t('status.claimed', { id: 12, actor: '张网格' })).toBe('#12 已由张网格认领，正在办理。');
  });
});
