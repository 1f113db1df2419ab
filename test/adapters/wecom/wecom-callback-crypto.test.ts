import { encrypt, getSignature } from '@wecom/crypto';
import { encryptReply, parseRawQuery, verifyAndDecrypt, type CallbackSecrets } from '../../../adapters/wecom/wecom-callback-crypto';

// The official test vectors of WeCom's 加解密方案 (sample code of WXBizMsgCrypt).
const APP: CallbackSecrets = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' };
const GET_URL = '/cb?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
const POST_QUERY = { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' };
const POST_ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const at = (ts: string) => ({ nowSeconds: Number(ts), maxAgeSeconds: 300 });

describe('WeCom callback crypto', () => {
  it('should verify the official URL-verification vector and return the echo', () => {
    const q = parseRawQuery(GET_URL);
    expect(verifyAndDecrypt(APP, q, q.echostr, at(q.timestamp))).toEqual({ ok: true, message: '1616140317555161061' });
  });

  it('should decrypt the official POST vector to the text message XML', () => {
    const r = verifyAndDecrypt(APP, POST_QUERY, POST_ENCRYPT, at(POST_QUERY.timestamp));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.message).toContain('<MsgId>4561255354251345929</MsgId>');
      expect(r.message).toContain('<AgentID>218</AgentID>');
    }
  });

  it('should refuse a tampered signature, a tampered body and a missing parameter', () => {
    expect(verifyAndDecrypt(APP, { ...POST_QUERY, msg_signature: '0'.repeat(40) }, POST_ENCRYPT, at(POST_QUERY.timestamp))).toEqual({ ok: false, rejection: { status: 401, reason: 'msg_signature does not match' } });
    expect(verifyAndDecrypt(APP, POST_QUERY, 'A' + POST_ENCRYPT.slice(1), at(POST_QUERY.timestamp))).toMatchObject({ ok: false, rejection: { status: 401 } });
    expect(verifyAndDecrypt(APP, { timestamp: '1', nonce: '2' }, POST_ENCRYPT, at('1'))).toMatchObject({ ok: false, rejection: { status: 400 } });
  });

  it('should refuse a stale or far-future timestamp', () => {
    const r = verifyAndDecrypt(APP, POST_QUERY, POST_ENCRYPT, { nowSeconds: Number(POST_QUERY.timestamp) + 301, maxAgeSeconds: 300 });
    expect(r).toMatchObject({ ok: false, rejection: { status: 401, reason: expect.stringContaining('window') } });
  });

  it('should refuse a message for another receiver (an AI bot expects "")', () => {
    const r = verifyAndDecrypt({ ...APP, receiveId: '' }, POST_QUERY, POST_ENCRYPT, at(POST_QUERY.timestamp));
    expect(r).toEqual({ ok: false, rejection: { status: 401, reason: 'receiveid does not match this endpoint' } });
  });

  it('should answer truncated or non-base64 ciphertext with 400, not a crash', () => {
    for (const bad of [POST_ENCRYPT.slice(0, 50), '!!!not-base64!!!', POST_ENCRYPT.replace(/\+/g, ' ')]) {
      const q = { ...POST_QUERY, msg_signature: getSignature(APP.token, POST_QUERY.timestamp, POST_QUERY.nonce, bad) };
      expect(verifyAndDecrypt(APP, q, bad, at(POST_QUERY.timestamp))).toMatchObject({ ok: false, rejection: { status: 400 } });
    }
  });

  it('should read + and %2B in the query string both as +', () => {
    expect(parseRawQuery('/x?a=b+c&d=e%2Bf&g=%E4%B8%AD').a).toBe('b+c');
    expect(parseRawQuery('/x?a=b+c&d=e%2Bf&g=%E4%B8%AD').d).toBe('e+f');
    expect(parseRawQuery('/x?a=b+c&d=e%2Bf&g=%E4%B8%AD').g).toBe('中');
  });

  it('should encrypt a reply that verifies with the same secrets', () => {
    const bot: CallbackSecrets = { ...APP, receiveId: '' };
    const reply = encryptReply(bot, '{"msgtype":"stream"}', '1700000000', 'n1');
    expect(verifyAndDecrypt(bot, { msg_signature: reply.signature, timestamp: '1700000000', nonce: 'n1' }, reply.encrypt, at('1700000000'))).toEqual({ ok: true, message: '{"msgtype":"stream"}' });
    expect(encrypt(bot.encodingAesKey, 'x', '')).toMatch(/^[A-Za-z0-9+/=]+$/);
  });
});
