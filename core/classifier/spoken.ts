/**
 * Hazard words as voice-to-text and dialect write them (issue 15): homophones of the alarm words
 * (`着伙` for 着火, `然气` for 燃气, `就命` for 救命, `摔到了` for 摔倒了) and dialect negation and
 * words (`莫得`, `冇`, `屋头`, `遭车撞`). Mapped to the standard form before the urgency rules read
 * the text. A general list from how speech input and dialects err, not from labelled errors. Pure.
 */

const SPOKEN: [RegExp, string][] = [
  // Dialect negation and words.
  [/莫得|冇得|没得|冇/g, '没有'],
  [/屋头|屋里头/g, '屋里'],
  [/娃儿/g, '孩子'],
  [/遭(?=[了人车水火狗电])/g, '被'],
  [/晓不得|不晓得/g, '不知道'],
  // Homophones of alarm words in speech input.
  [/着伙|着活|找火了/g, '着火'],
  [/起伙/g, '起火'],
  [/然气|燃汽|然汽/g, '燃气'],
  [/煤汽/g, '煤气'],
  [/露气|漏汽/g, '漏气'],
  [/漏点(?!了?心)/g, '漏电'],
  [/触点了/g, '触电了'],
  [/井该|井到/g, '井盖'],
  [/就命|求命/g, '救命'],
  [/([摔跌滑晕昏])到(?=了|在|地)/g, '$1倒'],
  [/([杆树墙])到了/g, '$1倒了'],
  [/[踏蹋榻]了/g, '塌了'],
  [/困主|困注/g, '困住'],
  [/中读/g, '中毒'],
  [/走时了|走湿了/g, '走失了'],
  [/失宗/g, '失踪'],
  [/报井|报境/g, '报警'],
  [/留血|流雪/g, '流血'],
];

/** The text with spoken and dialect forms of hazard words in their standard form. */
export function standardizeSpoken(text: string): string {
  return SPOKEN.reduce((t, [re, to]) => t.replace(re, to), text);
}
