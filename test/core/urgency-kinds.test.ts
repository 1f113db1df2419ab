/** Issue 15, second pass: more kinds of danger, spoken and dialect forms, and what must stay calm. */
import { detectUrgency } from '../../core/classifier/urgency';
import { standardizeSpoken } from '../../core/classifier/spoken';

describe('more kinds of danger', () => {
  it.each([
    ['切菜把手划了一道大口子 血止不住', 'urgent'],
    ['我爸说话突然说不清楚了 一边手抬不起来', 'urgent'],
    ['孩子把奶奶的降压药当糖吃了', 'urgent'],
    ['他们把我关在一个屋子里不放我走', 'urgent'],
    ['上门要债的把我家窗户砸了', 'urgent'],
    ['放学到现在孩子还没回来 电话也不接 学校说四点就走了', 'urgent'],
    ['对门吵架 男的说晚上要找人来收拾他', 'possible'],
    ['我妈接到电话 让她去银行转钱 说是公检法的', 'possible'],
    ['取水口上面漂着死猪', 'possible'],
    ['鸡鸭死了好多 不知道是不是瘟', 'possible'],
    ['楼顶的广告牌晃得厉害 铁架子都锈了', 'possible'],
    ['墙上的裂缝越来越宽 能塞进一根手指', 'possible'],
  ])('%s → %s', (text, level) => {
    expect(detectUrgency(text).level).toBe(level);
  });

  it.each([
    '有人打电话说是公安 让我转账 是不是诈骗',
    '集中供暖什么时候开始烧啊 夜里冻得睡不着',
    '修路把我家门口的水沟填死了 雨水排不出去',
    '学校门口卖的玩具有股刺鼻的味道',
    '我在平安路住 想问问低保怎么申请',
  ])('should stay calm about %s', (text) => {
    expect(detectUrgency(text).level).toBe('none');
  });
});

describe('spoken and dialect forms', () => {
  it('should read homophones and dialect words as the alarm words', () => {
    expect(standardizeSpoken('然气露气了')).toBe('燃气漏气了');
    expect(standardizeSpoken('老人摔到了 屋头莫得人')).toBe('老人摔倒了 屋里没有人');
    expect(detectUrgency('厨房着伙了 快来').level).toBe('urgent');
    expect(detectUrgency('就命啊 有人掉河里了').level).toBe('urgent');
    expect(detectUrgency('楼道里然气味好大').level).not.toBe('none');
  });

  it('should keep a dialect negation a negation', () => {
    expect(detectUrgency('莫得着火 是烧秸秆的烟').level).toBe('none');
  });
});
