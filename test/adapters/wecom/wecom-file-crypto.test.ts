/** AI-bot file decryption (issue 13) agrees with @wecom/aibot-node-sdk's own `decryptFile`. */
import { decryptFile } from '@wecom/aibot-node-sdk';
import { decryptBotFile, encryptBotFile } from '../../../adapters/wecom/wecom-file-crypto';
import { makePng } from '../../support/fixtures/media';

const KEY = 'kWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2D';

describe('AI-bot file crypto', () => {
  it.each([0, 1, 31, 32, 33, 1000])('should round-trip %i bytes and match the SDK', (size) => {
    const plain = makePng(4, 4, size).subarray(0, Math.max(size, 0));
    const enc = encryptBotFile(plain, KEY);
    expect(enc.length % 32).toBe(0);
    expect(decryptBotFile(enc, KEY).equals(plain)).toBe(true);
    if (plain.length) expect(decryptFile(enc, `${KEY}=`).equals(plain)).toBe(true);
  });

  it('should refuse a wrong key or damaged data instead of returning garbage', () => {
    const enc = encryptBotFile(makePng(), KEY);
    expect(() => decryptBotFile(enc, 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C')).toThrow();
    expect(() => decryptBotFile(enc.subarray(0, enc.length - 5), KEY)).toThrow();
    expect(() => decryptBotFile(Buffer.alloc(0), KEY)).toThrow();
  });
});
