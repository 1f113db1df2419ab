import { parseCommand, parseRating } from '../../core/command-grammar';

describe('parseCommand', () => {
  it('should read Chinese and slash forms of claim alike', () => {
    for (const text of ['认领 12', '认领12', '认领：#12', '认领 １２', '/claim 12', '/claim@minhu_bot 12', '  认领，12 ']) {
      expect(parseCommand(text)).toEqual({ ok: true, command: { type: 'claim', id: 12 } });
    }
  });

  it('should keep the text of reply and resolve', () => {
    expect(parseCommand('答复 12 已联系电工，明天修')).toEqual({ ok: true, command: { type: 'reply', id: 12, text: '已联系电工，明天修' } });
    expect(parseCommand('/resolve 7 路灯已修好')).toEqual({ ok: true, command: { type: 'resolve', id: 7, text: '路灯已修好' } });
  });

  it('should say a number is missing, with an example', () => {
    const parsed = parseCommand('认领');
    expect(parsed).toEqual({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER', example: '认领 12' } });
    expect(parseCommand('/claim abc')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER' } });
  });

  it('should say the text is missing for a resolve without words', () => {
    expect(parseCommand('办结 12')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_TEXT' } });
  });

  it('should parse ratings in words and digits', () => {
    expect(parseCommand('评价 12 满意')).toEqual({ ok: true, command: { type: 'rate', id: 12, rating: 'satisfied' } });
    expect(parseCommand('评价 12 基本满意')).toEqual({ ok: true, command: { type: 'rate', id: 12, rating: 'basic' } });
    expect(parseCommand('/rate 12 3')).toEqual({ ok: true, command: { type: 'rate', id: 12, rating: 'unsatisfied' } });
    expect(parseCommand('评价 12 还行吧')).toMatchObject({ ok: false, error: { code: 'COMMAND.BAD_RATING' } });
    expect(parseCommand('2')).toEqual({ ok: true, command: { type: 'rateBare', rating: 'basic' } });
    expect(parseRating('不满意！')).toBe('unsatisfied');
  });

  it('should take a report with its text', () => {
    expect(parseCommand('报事 3组王家门口的路灯坏了')).toEqual({ ok: true, command: { type: 'new', text: '3组王家门口的路灯坏了' } });
    expect(parseCommand('/new')).toEqual({ ok: true, command: { type: 'new', text: '' } });
  });

  it('should leave ordinary chatter alone', () => {
    for (const text of ['今天天气不错', '认领的事明天再说吧', '查看一下', '待办事项太多了', '', '😀']) {
      expect(parseCommand(text)).toBeNull();
    }
  });

  it('should parse list, my, cancel, help and bind', () => {
    expect(parseCommand('待办')).toEqual({ ok: true, command: { type: 'list', filter: '' } });
    expect(parseCommand('待办 待认领')).toEqual({ ok: true, command: { type: 'list', filter: '待认领' } });
    expect(parseCommand('/my')).toEqual({ ok: true, command: { type: 'my' } });
    expect(parseCommand('进度')).toEqual({ ok: true, command: { type: 'my' } });
    expect(parseCommand('取消')).toEqual({ ok: true, command: { type: 'cancel' } });
    expect(parseCommand('/start')).toEqual({ ok: true, command: { type: 'help' } });
    expect(parseCommand('/bind MS020101')).toEqual({ ok: true, command: { type: 'bind', areaCode: 'MS020101' } });
  });
});

describe('routing commands', () => {
  it('should parse the moving commands with their arguments', () => {
    expect(parseCommand('上报 12 需要街道协调')).toEqual({ ok: true, command: { type: 'escalate', id: 12, text: '需要街道协调' } });
    expect(parseCommand('派单 12 住建')).toEqual({ ok: true, command: { type: 'dispatch', id: 12, text: '住建' } });
    expect(parseCommand('/transfer 12 人社局 欠薪问题')).toEqual({ ok: true, command: { type: 'transfer', id: 12, text: '人社局 欠薪问题' } });
    expect(parseCommand('吹哨 12 住建局、市场监管局，卫健局')).toEqual({ ok: true, command: { type: 'whistle', id: 12, text: '住建局、市场监管局，卫健局' } });
    expect(parseCommand('报到 12')).toEqual({ ok: true, command: { type: 'reportIn', id: 12, text: '' } });
    expect(parseCommand('合并 12 8')).toEqual({ ok: true, command: { type: 'merge', id: 12, into: 8 } });
    expect(parseCommand('合并 １２ ＃８')).toEqual({ ok: true, command: { type: 'merge', id: 12, into: 8 } });
    expect(parseCommand('包案 12 孙指挥 30')).toEqual({ ok: true, command: { type: 'keyCase', id: 12, text: '孙指挥 30' } });
  });

  it('should require the reason of an escalation and the second number of a merge', () => {
    expect(parseCommand('上报 12')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_TEXT', example: expect.stringContaining('上报 12') } });
    expect(parseCommand('合并 12')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER' } });
    expect(parseCommand('上报：')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER' } });
  });
});

describe('staff corrections (issue 15)', () => {
  it('should parse 改类 with a category name or code, and 加急', () => {
    expect(parseCommand('改类 12 供水')).toEqual({ ok: true, command: { type: 'recategorize', id: 12, text: '供水' } });
    expect(parseCommand('改类：#１２ water')).toEqual({ ok: true, command: { type: 'recategorize', id: 12, text: 'water' } });
    expect(parseCommand('/recategorize@minhu_bot 12 社会救助')).toEqual({ ok: true, command: { type: 'recategorize', id: 12, text: '社会救助' } });
    expect(parseCommand('加急 12')).toEqual({ ok: true, command: { type: 'raise', id: 12 } });
    expect(parseCommand('/urgent 7')).toEqual({ ok: true, command: { type: 'raise', id: 7 } });
  });

  it('should say what is missing, and leave chatter alone', () => {
    expect(parseCommand('改类 12')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_TEXT', example: '改类 12 供水' } });
    expect(parseCommand('加急')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER' } });
    expect(parseCommand('加急件怎么寄')).toBeNull();
  });
});
