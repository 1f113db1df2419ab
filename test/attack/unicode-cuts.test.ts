/**
 * Attack (issue 11.2): random Unicode — emoji, ZWJ sequences, flags, combining marks, NUL,
 * lone surrogates as channels deliver them — through every text path that shortens or stores
 * text. Property tests with fixed seeds (deterministic), each bounded by numRuns.
 */
import fc from 'fast-check';
import type { CitizenRequest, OutboundMessage } from '../../core/model';
import { maskPersonalData } from '../../core/privacy/mask';
import { receipt, statusLine } from '../../core/request-messages';
import { cutText, cutUtf8, graphemeLength, graphemes, isUnstorable, toStorable, toStorableText, utf8Length } from '../../core/text-cut';
import { summarize } from '../../core/text-tools';
import { toTelegramHtml } from '../../adapters/telegram/telegram-sender';
import { toWecomMarkdown } from '../../adapters/wecom/wecom-sender';

/** The pieces an attacker (or an unlucky household) sends. */
const PIECES = [
  '😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '🇺🇸', 'é', 'e\u0301', 'a\u0301\u0302\u0303', '\u0000', '\uD83D', '\uDE00', '\uDBFF', '\uDC00',
  '路', '灯', '坏', '了', '，', '。', ' ', '\n', '&', '<', '>', '&amp;', '1', '3', '8', '5', '-', '+86', '１', '#12', '\u200D', '\uFE0F', '\u3000',
];
const unit = fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 3 }));
const text = fc.array(unit, { maxLength: 120 }).map((parts) => parts.join(''));
const RUNS = { seed: 20261124, numRuns: 400 };

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** True when `cut` (ellipsis removed) is a prefix of `whole` ending on a grapheme boundary. */
function isGraphemePrefix(cut: string, whole: string): boolean {
  const a = graphemes(cut);
  const b = graphemes(whole);
  return a.length <= b.length && a.every((g, i) => g === b[i]);
}

const request = (detail: string, extra: Partial<CitizenRequest> = {}): CitizenRequest => ({
  id: 12, status: 'submitted', category: 'municipal', areaCode: 'G1', queue: { kind: 'area', code: 'G1' }, queueEnteredAt: 0, urgent: false,
  breachCount: 0, dispatchedFrom: null, coUnits: [], coReporters: [], keyCase: null, mergedInto: null, place: cutText(detail, 5, ''), placeArea: null,
  detail, phone: null, photos: [], sensitive: false, reporterId: 1, origin: { channel: 'telegram', chatId: '-1', userId: '5', name: cutText(detail, 7, '') || '王' },
  assigneeId: null, reopenCount: 0, rating: null, createdAt: 0, claimDueAt: 0, answerDueAt: 0, resolveDueAt: 0, claimedAt: null, answeredAt: null, resolvedAt: null, closedAt: null, ...extra,
});

describe('attack: cutting text never splits a character (issue 11.2)', () => {
  it('should cut summaries at grapheme boundaries, masking first, within the limit', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 60 }), (s, max) => {
      const out = summarize(s, max);
      expect(graphemeLength(out)).toBeLessThanOrEqual(max);
      const whole = maskPersonalData(s.replace(/\s+/g, ' ').trim());
      expect(isGraphemePrefix(out.endsWith('…') && out !== whole ? out.slice(0, -1) : out, whole)).toBe(true);
      if (wellFormed(s)) expect(wellFormed(out)).toBe(true);
    }), RUNS);
  });

  it('should never split an emoji, a flag or a ZWJ family, whatever the cut point', () => {
    const s = '路灯👨‍👩‍👧‍👦🇨🇳e\u0301😀坏了';
    for (let max = 1; max <= graphemeLength(s) + 1; max++) {
      const out = cutText(s, max);
      expect(wellFormed(out)).toBe(true);
      expect(isGraphemePrefix(out.replace(/…$/, ''), s)).toBe(true);
    }
    // The old cut (`slice(0, max - 1)`) left half a surrogate pair here.
    expect(summarize('a'.repeat(38) + '😀😀😀', 40)).toBe(`${'a'.repeat(38)}😀…`);
  });

  it('should mask without changing anything but digits', () => {
    fc.assert(fc.property(text, (s) => {
      const out = maskPersonalData(s);
      expect(out.length).toBe(s.length);
      for (let i = 0; i < s.length; i++) if (out[i] !== s[i]) expect([out[i], /[\d\uFF10-\uFF19Xx]/.test(s[i])]).toEqual(['*', true]);
    }), RUNS);
  });

  it('should make any text storable: no lone surrogate, no NUL, the rest kept', () => {
    fc.assert(fc.property(text, (s) => {
      const out = toStorableText(s);
      expect(isUnstorable(out)).toBe(false);
      expect(wellFormed(out)).toBe(true);
      if (!isUnstorable(s)) expect(out).toBe(s);
      expect(out.replace(/\uFFFD/g, '')).toBe(out.replace(/\uFFFD/g, '')); // sanity
      const nested = toStorable({ a: [s, { b: s }], at: new Date(0) });
      expect(nested.a[0]).toBe(out);
      expect((nested.a[1] as { b: string }).b).toBe(out);
      expect(nested.at).toBeInstanceOf(Date);
    }), RUNS);
  });

  it('should build request messages that are well formed and storable', () => {
    fc.assert(fc.property(text.map(toStorableText), fc.boolean(), (detail, sensitive) => {
      const r = request(detail, { sensitive, phone: sensitive ? null : '13812345678' });
      const ctx = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const };
      const msgs: OutboundMessage[] = [receipt(r, '网格', ctx), statusLine(r, 'status.answered', { text: detail }, ctx)];
      for (const m of msgs) {
        expect(wellFormed(m.text)).toBe(true);
        expect(m.text).not.toContain('13812345678');
        expect(isUnstorable(JSON.stringify(toStorable(m)))).toBe(false);
      }
    }), RUNS);
  });

  it('should keep Telegram messages within 4,096 units without splitting an entity or a pair', () => {
    const long = fc.array(unit, { minLength: 500, maxLength: 3000 }).map((p) => p.join(''));
    fc.assert(fc.property(long, fc.boolean(), (s, mention) => {
      const html = toTelegramHtml({ channel: 'telegram', chatId: '-1', text: s, mention: mention ? { userId: '5', name: cutText(s, 80, '') } : undefined });
      expect(html.length).toBeLessThanOrEqual(4096);
      // Every & starts a whole entity; no < or > in the body but our own link tag.
      const body = mention ? html.replace(/^<a href="tg:\/\/user\?id=5">@[^<]*<\/a> /, '') : html;
      expect(body).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(body).not.toMatch(/[<>]/);
      const plain = body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(isGraphemePrefix(plain.replace(/…$/, ''), s)).toBe(true);
      if (wellFormed(s)) expect(wellFormed(html)).toBe(true);
    }), { seed: 7, numRuns: 120 });
  });

  it('should cut WeCom markdown by UTF-8 bytes at character boundaries', () => {
    const long = fc.array(unit, { minLength: 200, maxLength: 3000 }).map((p) => toStorableText(p.join('')));
    fc.assert(fc.property(long, fc.integer({ min: 20, max: 4000 }), (s, limit) => {
      const out = toWecomMarkdown({ channel: 'wecom', chatId: 'g', text: s, mention: { userId: 'wang', name: '王' } }, limit);
      expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(limit);
      expect(utf8Length(out)).toBe(Buffer.byteLength(out, 'utf8'));
      if (!s.includes('\uFFFD')) expect(out).not.toContain('\uFFFD');
      expect(isGraphemePrefix(out.replace(/^<@wang> /, '').replace(/…$/, ''), s)).toBe(true);
    }), { seed: 11, numRuns: 150 });
    expect(cutUtf8('路灯😀', 8)).toBe('路…'); // 3 + 3 bytes; the emoji (4) does not fit with the ellipsis
  });
});
