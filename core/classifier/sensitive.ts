/**
 * Reports that must never be described in a group (DOMAIN.md): complaints about officials,
 * domestic violence, personal hardship. The group then sees only that the report was passed on
 * privately; staff see it in their queue.
 */
const SENSITIVE = [
  /(干部|书记|村长|村主任|村委|会计|网格员|网格长|乡里|镇里|领导).{0,12}(贪|收钱|好处|回扣|吃拿卡要|优亲厚友|截留|挪用|私分|作风|骂人|不作为|打牌|吃空饷|送礼)/,
  /家暴|打老婆|打老公|(老公|丈夫|男人|媳妇|老婆|妻子|婆婆|儿子).{0,6}(打我|又打|动手|打人|打她|打他)|虐待/,
  /(家里|我家|一个人|孤寡).{0,8}(困难|揭不开锅|没钱|看不起病|吃不上饭|活不下去)|生活太难|日子过不下去|活不下去|想不开|不想活/,
];

/** True when the report must not be echoed into a group. */
export function isSensitive(text: string): boolean {
  return SENSITIVE.some((p) => p.test(text));
}
