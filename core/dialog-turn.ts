/**
 * Issue 14 — the dialog never swallows a new message. While a question is open (where? what?
 * which kind? the same as #N? why not satisfied? the photo for #N?), the next message is read
 * first: is it the answer, or a greeting, a thank-you, a question about how things work, or a
 * new report? Only an answer is taken as the answer; the intake dialog (./intake-dialog) acts on
 * the reading. The rules, each one a row of test/core/dialog-turn.test.ts:
 *
 * 1. A greeting (`你好`, `在吗`, `@民呼 您好`) is never an answer and never a report: a friendly how-to.
 * 2. A thank-you or an acknowledgement (`好的`, `谢谢`, `收到`) is no answer either: the question is asked again.
 * 3. A question about minhu itself (`怎么报事？`, `这个怎么用`) gets the how-to; the open question stays open.
 * 4. Short answers win where they are the answer: `1`–`3` or a kind's name to "which kind?",
 *    `是` / `不是` to "the same as #N?".
 * 5. A message with a problem in it (坏, 漏, 停, 没水 …) of another kind than the open one reads as a
 *    new report: the household is asked `您是要补充…，还是报一件新的事？` — never silently merged or dropped.
 *    To "where?" a message with a place and a problem of the same kind is still the place; to "why?"
 *    a message about the same work not done (`还是很臭`, `又坏了`) is the reason, whatever its words.
 * 6. While a photo for #N is awaited, any real text asks the same choice (补充 #N, or a new report).
 * 7. To "what happened?" any text with words is the answer (it is the report).
 * 8. Everything else is the answer.
 */
import { classifyByKeywords, type CategoryCode } from './categories';
import { extractPlace } from './classifier/place';
import { normalizeText } from './text-tools';

/** How a message reads while a question is open (or, with `none`, when it is not). */
export type Turn = 'answer' | 'greeting' | 'thanks' | 'question' | 'newReport';

/** The question that is open: what minhu is waiting for. */
export type OpenQuestion =
  | { asks: 'place' | 'category' | 'duplicate' | 'reason'; category: CategoryCode | null }
  | { asks: 'detail' | 'photo' | 'choice' | 'none' };

/** What readTurn may use to recognise a report (the dialog's own classifier and place names). */
export interface TurnOptions {
  classify?: (text: string) => { category: CategoryCode; confidence: number };
  placeNames?: readonly string[];
}

const GREETING = /^(@?民呼[，,\s]*)?(你好|您好|你们好|大家好|在吗|在不在|有人吗|有人在吗|哈喽|嗨|喂|早|早上好|上午好|中午好|下午好|晚上好|hello|hi|hey)(呀|啊|哇|哈|吗|么|嘛)?(民呼)?[!！。.~～?？\s]*$/i;
const THANKS = /^(好的?|好吧|好嘞|行|可以|嗯+|哦+|噢|知道了|明白了?|收到了?|已收到|谢谢(你|您|了)?|多谢|感谢|辛苦了?|ok|okay|👍|🙏)[!！。.~～\s]*$/i;
const HOW_TO = /(怎么|咋|如何|怎样)(报事|报(?![销名到案])|反映|登记|用(?!不)|使用|弄|查进度|看进度|撤回)|(你|民呼)(是谁|能做什么|能干什么|会什么)|有什么用|帮助|^(什么|啥)(意思)?[?？]*$|^(怎么|咋)(了|回事)?[?？]*$/;
const PROBLEM = /坏|漏|停|断|堵|爆|塌|裂|倒了|不亮|不通|不出水|不来电|用不了|不能用|没(有)?(水|电|气|暖气|人管|人收)|吵|臭|欠|拖欠|打架|着火|起火|冒烟|受伤|被偷|丢了|脏|乱扔|垃圾|积水|故障|投诉|举报|求助|帮忙|麻烦.{0,4}(看看|处理|解决)/;
const STILL = /还是|又|还没|没修|没弄|没处理|没解决|不行|没用|一样|根本|只(是|清|修|弄|管)|表面|敷衍|应付|糊弄/;
const CATEGORY_WORD = /^[1-3][。.!！]*$|供水|供电|燃气|供暖|市政|卫生|纠纷|劳动|救助|医疗|市场|治安|住房|物业|土地|教育|纪检|政策|建议|其他/;
const YES_NO = /^(是|是的|对|对的|一样|同一个|同一问题|嗯|不是|否|不|不一样|不对|两回事|1|2|yes|y|no|n)[。.!！]*$/i;

/**
 * Reads `raw` against the open question (rules above). Pure; the classifier defaults to the
 * keyword table. A question mark alone does not make a question: `就在村口那边？` answers "where?".
 */
export function readTurn(raw: string, open: OpenQuestion, options: TurnOptions = {}): Turn {
  const text = normalizeText(raw).trim();
  if (!text) return 'answer';
  if (open.asks === 'category' && CATEGORY_WORD.test(text)) return 'answer';
  if (open.asks === 'duplicate' && YES_NO.test(text)) return 'answer';
  if (open.asks === 'choice') return 'answer';
  if (GREETING.test(text)) return 'greeting';
  if (THANKS.test(text)) return 'thanks';
  const problem = PROBLEM.test(text);
  if (HOW_TO.test(text) && !problem) return 'question';
  if (open.asks === 'none' || open.asks === 'detail') return 'answer';
  if (open.asks === 'photo') return 'newReport';
  if (!problem) return 'answer';
  const reading = (options.classify ?? classifyByKeywords)(text);
  const openCategory = 'category' in open ? open.category : null;
  const other = reading.category !== 'other' && reading.category !== openCategory;
  if (open.asks === 'place') {
    // "3组12号门口，灯还是不亮" is the place of the same report; a problem of another kind is a new one.
    return other || (!extractPlace(text, options.placeNames) && reading.category === 'other' && text.length > 12) ? 'newReport' : 'answer';
  }
  // "why?" is answered about the same work: `还是很臭`, `又坏了`, `根本没修` never read as a new report.
  if (open.asks === 'reason' && STILL.test(text)) return 'answer';
  return other ? 'newReport' : 'answer';
}

/** `1` / `补充` picks adding to what was open, `2` / `新的` a new report; null for anything else. */
export function readChoice(raw: string): 'supplement' | 'new' | null {
  const text = normalizeText(raw).trim();
  if (/^(1|补充|是补充|补充的|补充刚才的|加上|加到刚才的)[。.!！]*$/.test(text)) return 'supplement';
  if (/^(2|新的|新的事|新事|报新的|是新的|另一件|另外一件|新报)[。.!！]*$/.test(text)) return 'new';
  return null;
}
