/**
 * Issue 14 — the dialog never swallows a new message: the rules of core/dialog-turn as a table
 * of cases (what is open, what the household writes, how it reads), then what the intake dialog
 * does with each reading.
 */
import { readChoice, readTurn, type OpenQuestion, type Turn } from '../../core/dialog-turn';
import { IDLE, step, type DialogState } from '../../core/intake-dialog';

const place: OpenQuestion = { asks: 'place', category: 'municipal' };
const category: OpenQuestion = { asks: 'category', category: null };
const duplicate: OpenQuestion = { asks: 'duplicate', category: 'water' };
const reason: OpenQuestion = { asks: 'reason', category: 'municipal' };
const none: OpenQuestion = { asks: 'none' };

const CASES: [string, OpenQuestion, string, Turn][] = [
  // rule 1: greetings
  ['a greeting to "where?"', place, '你好', 'greeting'],
  ['a greeting with the bot\'s name', none, '民呼 您好！', 'greeting'],
  ['在吗 while the kind is asked', category, '在吗？', 'greeting'],
  ['a greeting while "why?" is open', reason, '您好', 'greeting'],
  // rule 2: thanks and acknowledgements
  ['好的 to "where?"', place, '好的', 'thanks'],
  ['收到 to "where?"', place, '收到', 'thanks'],
  ['谢谢 when nothing is open', none, '谢谢您', 'thanks'],
  // rule 3: questions about minhu
  ['how to report, while "where?" is open', place, '这个怎么报事？', 'question'],
  ['how to use it, when nothing is open', none, '民呼怎么用', 'question'],
  ['医保怎么报销 is a request, not a question about minhu', none, '医保怎么报销', 'answer'],
  // rule 4: short answers win
  ['1 to "which kind?"', category, '1', 'answer'],
  ['a kind\'s name to "which kind?"', category, '供水', 'answer'],
  ['是 to "the same as #N?"', duplicate, '是', 'answer'],
  ['不是 to "the same as #N?"', duplicate, '不是', 'answer'],
  // rule 5: a new report
  ['a water problem while the place of a street light is asked', place, '还有我家停水两天了', 'newReport'],
  ['an unpaid-wage problem while "which kind?" is open', category, '老板拖欠工资三个月了', 'newReport'],
  ['a dispute while "why?" of a street light is open', reason, '隔壁邻居天天吵架', 'newReport'],
  ['the place and the same problem to "where?"', place, '3组12号门口，路灯还是不亮', 'answer'],
  ['the street light again to "why?" of a street light', reason, '路灯还是不亮，晚上黑乎乎的', 'answer'],
  // rule 6: a photo was awaited
  ['text while a photo for #N is awaited', { asks: 'photo' }, '门口的水管也漏了', 'newReport'],
  // rule 7: what happened?
  ['anything with words to "what happened?"', { asks: 'detail' }, '路灯坏了', 'answer'],
  // rule 8: the rest
  ['a plain place to "where?"', place, '3组王大妈家门口', 'answer'],
  ['a place said as a question', place, '就在村口那边？', 'answer'],
  ['a reason without a problem word', reason, '修了两天又不行了', 'answer'],
  ['a reason in other words than the request\'s kind', reason, '只清了表面，还是很臭', 'answer'],
];

describe('readTurn: how a message reads while a question is open', () => {
  it.each(CASES)('should read %s', (_name, open, text, expected) => {
    expect(readTurn(text, open)).toBe(expected);
  });

  it('should read 1 / 补充 and 2 / 新的 as the choice, and nothing else', () => {
    expect(['1', '补充', '2', '新的事', '随便'].map(readChoice)).toEqual(['supplement', 'supplement', 'new', 'new', null]);
  });
});

describe('the intake dialog with the readings', () => {
  const now = 1_000_000;
  const asked = step(IDLE, { type: 'start', text: '路灯坏了', photo: null, now, command: true }).state;

  it('should answer a greeting with the how-to and ask for the place again, keeping the draft', () => {
    const r = step(asked, { type: 'input', text: '你好', photo: null, now: now + 1 });
    expect(r.effects.map((e) => e.type)).toEqual(['say', 'ask']);
    expect(r.state).toMatchObject({ phase: 'awaitingPlace', draft: { detail: '路灯坏了' } });
  });

  it('should give the how-to, not a category form, to @民呼 你好', () => {
    const r = step(IDLE, { type: 'start', text: '你好', photo: null, now });
    expect(r).toEqual({ state: IDLE, effects: [{ type: 'howTo' }] });
  });

  it('should ask whether a new report adds to the open one, and go either way', () => {
    const choice = step(asked, { type: 'input', text: '还有我家停水两天了，3组12号', photo: null, now: now + 1 });
    expect(choice.effects).toEqual([{ type: 'askChoice', requestId: null, summary: '路灯坏了' }]);
    const added = step(choice.state, { type: 'input', text: '1', photo: null, now: now + 2 });
    expect(added.effects).toEqual([{ type: 'submit', draft: expect.objectContaining({ detail: '路灯坏了；还有我家停水两天了，3组12号', place: '3组12号' }) }]);
    const fresh = step(choice.state, { type: 'input', text: '2', photo: null, now: now + 2 });
    expect(fresh.effects).toEqual([{ type: 'submit', draft: expect.objectContaining({ detail: '还有我家停水两天了，3组12号', category: 'water' }) }]);
  });

  it('should ask 补充 #N or a new report while a photo for #N is awaited, then add the text to #N', () => {
    const attaching: DialogState = { phase: 'attaching', requestId: 7, expiresAt: now + 600_000 };
    const choice = step(attaching, { type: 'input', text: '门口的水管也漏了', photo: null, now });
    expect(choice.effects).toEqual([{ type: 'askChoice', requestId: 7, summary: '' }]);
    expect(step(choice.state, { type: 'input', text: '补充', photo: null, now: now + 1 }).effects).toEqual([{ type: 'supplement', requestId: 7, text: '门口的水管也漏了', photo: null }]);
  });

  it('should take the answer to "why?" as the reason, and a report of another kind as a choice', () => {
    const why: DialogState = { phase: 'awaitingReason', requestId: 9, category: 'municipal', expiresAt: now + 600_000 };
    expect(step(why, { type: 'input', text: '修了两天又不行了', photo: null, now }).effects).toEqual([{ type: 'reason', requestId: 9, text: '修了两天又不行了' }]);
    expect(step(why, { type: 'input', text: '隔壁邻居天天吵架', photo: null, now }).effects).toEqual([{ type: 'askChoice', requestId: 9, summary: '' }]);
  });

  it('should take 报事 as a report even when it reads like a greeting', () => {
    const r = step(IDLE, { type: 'start', text: '你好 3组路灯坏了', photo: null, now, command: true });
    expect(r.effects[0].type).toBe('submit');
  });
});
