import { DEFAULT_DIALOG_OPTIONS, IDLE, step, type DialogState } from '../../core/intake-dialog';

const now = 1_700_000_000_000;

describe('intake dialog', () => {
  it('should submit at once when category and place are given', () => {
    const r = step(IDLE, { type: 'start', text: '3组王家门口的路灯坏了一个星期了', photo: null, now });
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ type: 'submit', draft: expect.objectContaining({ category: 'municipal', place: '3组王家门口' }) }]);
  });

  it('should ask one question for a missing place, then submit with the answer', () => {
    const first = step(IDLE, { type: 'start', text: '家里停水两天了', photo: null, now });
    expect(first.effects).toEqual([{ type: 'ask', question: 'place' }]);
    expect(first.state.phase).toBe('awaitingPlace');
    const second = step(first.state, { type: 'input', text: '5组18号', photo: null, now: now + 60_000 });
    expect(second.effects).toEqual([{ type: 'submit', draft: expect.objectContaining({ category: 'water', place: '5组18号', detail: '家里停水两天了' }) }]);
  });

  it('should survive a JSON round trip (the state is persisted)', () => {
    const first = step(IDLE, { type: 'start', text: '垃圾好几天没人清运了', photo: null, now });
    const restored = JSON.parse(JSON.stringify(first.state)) as DialogState;
    const second = step(restored, { type: 'input', text: '村口小卖部旁边', photo: null, now: now + 1000 });
    expect(second.effects[0]).toMatchObject({ type: 'submit', draft: { category: 'sanitation', place: '村口小卖部旁边' } });
  });

  it('should cancel an open question politely, and say nothing when idle', () => {
    const first = step(IDLE, { type: 'start', text: '停电了', photo: null, now });
    expect(step(first.state, { type: 'cancel', now }).effects).toEqual([{ type: 'say', text: 'dialog.cancelled' }]);
    expect(step(IDLE, { type: 'cancel', now }).effects).toEqual([]);
  });

  it('should expire silently: an answer after the time-out starts afresh', () => {
    const first = step(IDLE, { type: 'start', text: '停电了', photo: null, now });
    const late = now + DEFAULT_DIALOG_OPTIONS.ttlMs + 1;
    expect(step(first.state, { type: 'cancel', now: late }).effects).toEqual([]);
    const next = step(first.state, { type: 'input', text: '5组18号', photo: null, now: late });
    expect(next.effects).toEqual([{ type: 'submit', draft: expect.objectContaining({ detail: '5组18号' }) }]);
  });

  it('should ask for a description when only emoji or nothing is given', () => {
    expect(step(IDLE, { type: 'start', text: '😡😡', photo: null, now }).effects).toEqual([{ type: 'ask', question: 'detail' }]);
    expect(step(IDLE, { type: 'start', text: '', photo: null, now }).effects).toEqual([{ type: 'ask', question: 'detail' }]);
  });

  it('should refuse an over-long description and keep nothing', () => {
    const r = step(IDLE, { type: 'start', text: '路'.repeat(5000), photo: null, now });
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ type: 'say', text: 'dialog.tooLong', params: { max: 1000 } }]);
  });

  it('should keep a photo sent while the place is asked', () => {
    const first = step(IDLE, { type: 'start', text: '井盖丢了', photo: null, now });
    const photo = step(first.state, { type: 'input', text: '', photo: 'file-1', now });
    expect(photo.effects).toEqual([]);
    const done = step(photo.state, { type: 'input', text: '建设路口', photo: null, now });
    expect(done.effects[0]).toMatchObject({ type: 'submit', draft: { photos: ['file-1'], place: '建设路口' } });
  });

  it('should pick up a phone number from the text', () => {
    const r = step(IDLE, { type: 'start', text: '2栋1单元漏水 电话13812345678', photo: null, now });
    expect(r.effects[0]).toMatchObject({ type: 'submit', draft: { phone: '13812345678' } });
  });
});

describe('intake dialog: unsure of the category', () => {
  const unsure = { ...DEFAULT_DIALOG_OPTIONS, classify: () => ({ category: 'municipal' as const, confidence: 0.3, top: [{ category: 'municipal' as const, p: 0.3 }, { category: 'housing' as const, p: 0.25 }, { category: 'safety' as const, p: 0.2 }] }) };

  it('should ask one question with the three likeliest categories, then go on', () => {
    const first = step(IDLE, { type: 'start', text: '大门坏了 关不上', photo: null, now }, unsure);
    expect(first.effects).toEqual([{ type: 'askCategory', choices: ['municipal', 'housing', 'safety'] }]);
    const second = step(first.state, { type: 'input', text: '2', photo: null, now }, unsure);
    expect(second.effects).toEqual([{ type: 'ask', question: 'place' }]);
    const third = step(second.state, { type: 'input', text: '幸福小区东门', photo: null, now }, unsure);
    expect(third.effects[0]).toMatchObject({ type: 'submit', draft: { category: 'housing', place: '幸福小区东门' } });
  });

  it('should accept the category by name, and keep the likeliest for anything else', () => {
    const first = step(IDLE, { type: 'start', text: '3组大门坏了', photo: null, now }, unsure);
    expect(step(first.state, { type: 'input', text: '治安', photo: null, now }, unsure).effects[0]).toMatchObject({ type: 'submit', draft: { category: 'safety' } });
    expect(step(first.state, { type: 'input', text: '不知道', photo: null, now }, unsure).effects[0]).toMatchObject({ type: 'submit', draft: { category: 'municipal' } });
  });

  it('should not ask when it is sure', () => {
    const sure = { ...unsure, classify: () => ({ category: 'water' as const, confidence: 0.9, top: [{ category: 'water' as const, p: 0.9 }, { category: 'power' as const, p: 0.05 }] }) };
    expect(step(IDLE, { type: 'start', text: '3组停水了', photo: null, now }, sure).effects[0]).toMatchObject({ type: 'submit' });
  });
});
