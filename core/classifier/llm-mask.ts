/**
 * What may leave the county's network for a large-model second opinion (issue 15): the text with
 * phone, ID and bank numbers and people's names masked. Pure.
 * TODO(lead): unify with the masking helper in core/ once the other branches are merged.
 */

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const TITLES = '大爷|大妈|大娘|大伯|大叔|大婶|大哥|大姐|阿姨|阿婆|奶奶|爷爷|叔叔|婶婶|师傅|老师|医生|书记|主任|村长|组长|会计|老板|经理|先生|女士|同志|总|哥|姐|叔|婶|伯';

const RULES: [RegExp, string][] = [
  // ID numbers (18 with a check letter, or 15) and bank cards (12–19 digits, maybe grouped).
  [/(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)/g, '[身份证号]'],
  [/(?<!\d)\d{4}(?:[\s-]?\d{4}){2,3}(?:[\s-]?\d{1,3})?(?!\d)/g, '[号码]'],
  // Mobile numbers, with +86 and separators; landlines; any other long run of digits.
  [/(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g, '[电话]'],
  [/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, '[电话]'],
  [/\d{7,}/g, '[号码]'],
  // Names: 我叫/我是/姓名 + a name; a surname with a title (王大爷 → 某大爷); 老王, 小李.
  [/(我叫|我是|名叫|叫做|姓名[:：]?|联系人[:：]?)[\p{sc=Han}]{2,3}/gu, '$1某某'],
  [new RegExp(`[${SURNAMES}][\\p{sc=Han}]?(?=${TITLES})`, 'gu'), '某'],
  [new RegExp(`(?<=[老小])[${SURNAMES}](?=[家说那这的，。,\\s]|$)`, 'gu'), '某'],
];

/** The text with numbers and names masked; `names` (the sender's, staff's) are masked wherever they appear. */
export function maskForModel(text: string, names: readonly string[] = []): string {
  let out = text;
  for (const name of names) if ([...name].length >= 2) out = out.split(name).join('某某');
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}
