/**
 * issue 13: WeCom AI-bot files (images) are AES-256-CBC encrypted: key = base64 of the
 * EncodingAESKey (or the message's aeskey), IV = the key's first 16 bytes, PKCS#7 padding to a
 * multiple of 32 bytes — as @wecom/aibot-node-sdk's `decryptFile` does.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

function keyOf(aesKey: string): Buffer {
  const key = Buffer.from(aesKey.length === 43 ? `${aesKey}=` : aesKey, 'base64');
  if (key.length !== 32) throw new Error('the AES key must decode to 32 bytes');
  return key;
}

/** Decrypts a downloaded AI-bot file; throws when the key is wrong or the data is damaged. */
export function decryptBotFile(encrypted: Buffer, aesKey: string): Buffer {
  if (encrypted.length === 0 || encrypted.length % 16 !== 0) throw new Error('encrypted file has a bad length');
  const key = keyOf(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > 32 || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) throw new Error('bad padding: wrong key or damaged file');
  return plain.subarray(0, plain.length - pad);
}

/** Encrypts as WeCom does (for the fake server and tests). */
export function encryptBotFile(plain: Buffer, aesKey: string): Buffer {
  const key = keyOf(aesKey);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]);
}
