/**
 * Default category codes (DESIGN.md) with their Chinese names and a keyword table.
 * The keyword table is deliberately simple: the first version of classification.
 */
export const CATEGORY_CODES = [
  'water', 'power', 'gas', 'heating', 'municipal', 'sanitation', 'dispute', 'labor', 'welfare',
  'health', 'market', 'safety', 'housing', 'land', 'education', 'integrity', 'policy', 'suggestion', 'other',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** Chinese names shown to users. */
export const CATEGORY_NAMES: Record<CategoryCode, { zh: string; en: string }> = {
  water: { zh: '供水', en: 'Water supply' },
  power: { zh: '供电', en: 'Power supply' },
  gas: { zh: '燃气', en: 'Gas' },
  heating: { zh: '供暖', en: 'Heating' },
  municipal: { zh: '市政设施', en: 'Public works' },
  sanitation: { zh: '环境卫生', en: 'Sanitation' },
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  labor: { zh: '劳动保障', en: 'Labour' },
  welfare: { zh: '社会救助', en: 'Social assistance' },
  health: { zh: '医疗卫生', en: 'Health' },
  market: { zh: '市场监管', en: 'Market regulation' },
  safety: { zh: '治安', en: 'Public safety' },
  housing: { zh: '住房物业', en: 'Housing' },
  land: { zh: '土地规划', en: 'Land use' },
  education: { zh: '教育', en: 'Education' },
  integrity: { zh: '纪检监察', en: 'Integrity' },
  policy: { zh: '政策咨询', en: 'Policy question' },
  suggestion: { zh: '意见建议', en: 'Suggestion' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * Categories whose reports must never be echoed into a group: complaints about officials
 * and domestic matters. The group sees only that the report was passed on privately.
 */
export const SENSITIVE_CATEGORIES: ReadonlySet<CategoryCode> = new Set<CategoryCode>(['integrity']);

/** Keywords per category, most specific first. Order of categories breaks ties. */
const KEYWORDS: ReadonlyArray<[CategoryCode, readonly string[]]> = [
  ['integrity', ['村干部', '干部', '书记', '贪污', '受贿', '腐败', '吃拿卡要', '优亲厚友', '截留', '克扣补贴', '挪用', '作风', '回扣', '好处费', '私分', '吃空饷', '公款', '账目', '账一塌糊涂', '收钱才', '送礼', '优亲', '村支书', '村长', '村主任', '村会计', '网格员收钱', '扶贫款', '举报']],
  ['gas', ['燃气', '煤气', '天然气', '液化气', '气罐', '漏气', '燃气味', '燃气灶', '煤气罐', '燃气公司', '燃气管', '装天然气', '燃气费', '气瓶']],
  ['heating', ['暖气', '供暖', '取暖', '地暖', '暖气片', '锅炉房', '冻感冒']],
  ['water', ['停水', '水管', '自来水', '水压', '供水', '水表', '没水', '漏水', '爆管', '水龙头', '水质', '水浑', '水黄', '水官', '来水', '没得水', '没水吃', '井水', '水池', '水箱', '水厂', '水费', '水价', '淹', '发大水', '洪水', '山洪', '决口', '溃坝', '河水', '暴雨']],
  ['power', ['停电', '断电', '电线', '电表', '供电', '跳闸', '没电', '电压', '电杆', '变压器', '电费', '电闸', '供电所', '电工', '用电', '电灯', '来电', '线路', '打火花', '高压线', '触电', '被电', '电倒']],
  ['municipal', ['路灯', '马路', '道路', '路面', '坑洼', '井盖', '下水道', '排水', '桥', '红绿灯', '公交', '路坏', '修路', '水沟', '涵洞', '窟窿', '斑马线', '护栏', '减速带', '路牌', '篦子', '硬化', '监控', '公交站', '塌陷', '滑坡', '排污', '人行道']],
  ['sanitation', ['垃圾', '卫生', '臭', '污水', '保洁', '厕所', '粪', '清运', '蚊子', '苍蝇', '老鼠', '扫地', '脏', '死鱼', '死猪', '死老鼠', '小广告', '秸秆', '烧垃圾', '消杀', '化粪池', '沼气池', '黑臭', '狗屎', '养鸡']],
  ['labor', ['工资', '欠薪', '拖欠', '社保', '养老保险', '失业', '工伤', '劳动', '用工', '讨薪', '就业', '找工作', '工钱', '包工头', '老板', '五险', '仲裁', '招聘', '招工', '裁员', '加班', '打工', '退休金', '辞退', '务工', '失业了', '失业金', '失业补助', '劳动合同', '签合同']],
  ['welfare', ['低保', '救助', '补助', '五保', '特困', '残疾', '孤寡', '高龄', '临时救助', '救济', '孤儿', '补贴', '养老院', '轮椅', '困难户', '独居']],
  ['health', ['医保', '医院', '卫生院', '看病', '诊所', '医生', '疫苗', '体检', '药', '新农合', '生病', '卫生室', '卫生所', '大夫', '村医', '门诊', '报销', '孕妇', '建档', '120', '值班', '卫生服务站', '慢性病', '中风', '说不了话', '半边身子', '家庭医生', '住院', '发烧', '儿科', '挂号']],
  ['market', ['食品', '过期', '假货', '价格', '缺斤短两', '商家', '超市', '市场', '涨价', '三无', '假的', '少了二两', '秤', '标价', '小店', '小卖部', '注水肉', '农药残留', '饭店', '后厨', '地沟油', '保健品', '跑路', '卷钱', '许可证', '快递站', '收费乱', '虚假宣传', '加油站', '充电桩收费']],
  ['safety', ['偷', '盗', '打架', '斗殴', '诈骗', '赌博', '吸毒', '治安', '报警', '可疑', '威胁', '家暴', '打人', '撬', '小偷', '骗', '高利贷', '保护费', '飙车', '炸街', '冒充', '砍人', '持刀', '拿刀', '打我', '不见了', '走失', '掉进', '跳河', '着火', '起火', '失火', '撞人', '车撞']],
  ['housing', ['物业', '电梯', '房屋', '漏雨', '危房', '租房', '房子', '楼道', '墙裂', '车位', '小区', '屋顶', '墙', '单元门', '外墙', '瓷砖', '消防栓', '廉租房', '公租房', '房产证', '开发商', '交房', '空调水', '停车费', '绿地', '扔垃圾', '防水', '危房改造', '物业费', '房顶']],
  ['land', ['宅基地', '土地', '地界', '占地', '违建', '违章建筑', '耕地', '承包地', '规划', '征地', '农田', '林地', '违章', '盖房', '建房', '拆迁', '流转', '确权', '采砂', '挖山', '鱼塘', '修路占']],
  ['education', ['学校', '上学', '入学', '老师', '学费', '幼儿园', '校车', '转学', '学生', '课本', '营养午餐', '补课', '校门口', '放学', '教育', '孩子在学校']],
  ['dispute', ['邻居', '纠纷', '吵架', '矛盾', '噪音', '吵', '扰民', '争执', '分家', '赡养', '遗产', '打麻将', '隔壁', '楼上', '对门', '调解', '不管老娘', '抚养费', '押金', '借钱不还', '说和', '地界', '占了', '不认账', '狗咬', '互相推', '婆媳', '卡拉OK', '广场舞', '油烟', '装修']],
  ['policy', ['政策', '怎么办理', '咨询', '请问', '能不能', '怎么申请', '需要什么材料', '啥时候', '什么时候', '要什么材料', '需要啥', '在哪里办', '咋办', '怎么补', '怎么交', '怎么缴', '怎么领', '怎么查', '哪些政策', '手续']],
  ['suggestion', ['建议', '希望', '能否', '提议', '意见', '要是能', '能不能在']],
  ['other', ['收到', '明白', '谢谢', '感谢', '辛苦了', '好的', '天气', '广告', '早上好', '晚安', '哈哈', '点赞', '志愿者', '活动', '链接', '联系网格员', '网格员电话']],
];

/** Question and wish words hint at a category only when nothing more specific is said. */
const WEAK: ReadonlySet<CategoryCode> = new Set<CategoryCode>(['policy', 'suggestion', 'other']);

/** A classification with a rough confidence in [0, 1]. */
export interface Classification {
  category: CategoryCode;
  confidence: number;
}

/** Keyword scores per category (longer hits weigh more; question words weigh half). */
export function keywordScores(text: string): Partial<Record<CategoryCode, number>> {
  const out: Partial<Record<CategoryCode, number>> = {};
  for (const [code, words] of KEYWORDS) {
    let score = 0;
    for (const w of words) if (text.includes(w)) score += w.length * (WEAK.has(code) ? 0.5 : 1);
    if (score > 0) out[code] = score;
  }
  return out;
}

/**
 * Picks a category by keyword hits; `other` with confidence 0 when nothing matches.
 * Longer keyword hits weigh more, so `养老保险` (labour) beats `老人` (welfare).
 */
export function classifyByKeywords(text: string): Classification {
  const scores = Object.entries(keywordScores(text)) as [CategoryCode, number][];
  if (!scores.length) return { category: 'other', confidence: 0 };
  const total = scores.reduce((a, [, n]) => a + n, 0);
  // The first category of the keyword table wins a tie, as before.
  const [best, bestScore] = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { category: best, confidence: Math.min(1, bestScore / total) };
}

/** True when the code is one of the default categories. */
export function isCategoryCode(value: string): value is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(value);
}
