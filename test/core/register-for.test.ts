/** Issue 12: reading `代报 王阿姨 13812345678 3组12号 路灯坏了`. */
import { parseCommand } from '../../core/command-grammar';
import { parseRegisterFor } from '../../core/register-for';

describe('代报 words', () => {
  it('should read name, phone, place and problem', () => {
    expect(parseRegisterFor('王阿姨 13812345678 3组12号 路灯坏了')).toEqual({ ok: true, value: { name: '王阿姨', phone: '13812345678', place: '3组12号', detail: '路灯坏了' } });
  });

  it('should take the phone anywhere and in parts, and leave it out of the problem', () => {
    expect(parseRegisterFor('李建国 3组12号 路灯坏了 好几天了 138 1234 5678')).toEqual({ ok: true, value: { name: '李建国', phone: '13812345678', place: '3组12号', detail: '路灯坏了 好几天了' } });
    expect(parseRegisterFor('赵奶奶 +86-138-1234-5678 5组 水管漏水').ok && parseRegisterFor('赵奶奶 +86-138-1234-5678 5组 水管漏水')).toMatchObject({ value: { phone: '13812345678', place: '5组' } });
  });

  it('should read a problem without a separate place, finding the place in it', () => {
    expect(parseRegisterFor('王阿姨 3组王家门口的路灯坏了')).toEqual({ ok: true, value: { name: '王阿姨', phone: null, place: '3组王家门口', detail: '3组王家门口的路灯坏了' } });
  });

  it('should refuse what is not name + problem', () => {
    for (const bad of ['', '王阿姨', '13812345678 3组 路灯坏了', '王阿姨 13812345678', '王阿姨 3组 !!!', `${'长'.repeat(21)} 3组 路灯坏了`]) {
      expect([bad, parseRegisterFor(bad).ok]).toEqual([bad, false]);
    }
  });

  it('should be a command in Chinese and in its slash form', () => {
    expect(parseCommand('代报 王阿姨 3组12号 路灯坏了')).toEqual({ ok: true, command: { type: 'registerFor', text: '王阿姨 3组12号 路灯坏了' } });
    expect(parseCommand('/register_for 王阿姨 3组 路灯坏了')).toEqual({ ok: true, command: { type: 'registerFor', text: '王阿姨 3组 路灯坏了' } });
    expect(parseCommand('代报')).toEqual({ ok: true, command: { type: 'registerFor', text: '' } });
  });
});
