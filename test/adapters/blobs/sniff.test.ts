/** Content sniffing (issue 13): the type comes from the bytes, never from a name. */
import { isComplete, sniffType } from '../../../adapters/blobs/sniff';
import { makeAmr, makeExe, makeJpeg, makeOgg, makePng } from '../../support/fixtures/media';

describe('sniffType', () => {
  it('should know the photo and voice types minhu keeps', () => {
    expect(sniffType(makeJpeg())).toBe('image/jpeg');
    expect(sniffType(makePng())).toBe('image/png');
    expect(sniffType(Buffer.from('GIF89a....;'))).toBe('image/gif');
    expect(sniffType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffType(makeAmr())).toBe('audio/amr');
    expect(sniffType(Buffer.from('\u0002#!SILK_V3....', 'latin1'))).toBe('audio/silk');
    expect(sniffType(makeOgg())).toBe('audio/ogg');
    expect(sniffType(Buffer.from('ID3\u0004....'))).toBe('audio/mpeg');
  });

  it('should refuse executables, scripts, documents and empty files', () => {
    for (const bytes of [makeExe(), Buffer.from('\u007fELF....'), Buffer.from('#!/bin/sh\nrm -rf /'), Buffer.from('%PDF-1.7'), Buffer.from('<svg onload=alert(1)>'), Buffer.alloc(0), Buffer.from([0xff])]) {
      expect(sniffType(bytes)).toBeNull();
    }
  });

  it('should see a JPEG or PNG that was cut short', () => {
    expect(isComplete(makeJpeg(), 'image/jpeg')).toBe(true);
    expect(isComplete(Buffer.concat([makeJpeg(), Buffer.alloc(16)]), 'image/jpeg')).toBe(true); // zero padding
    expect(isComplete(makeJpeg().subarray(0, 1000), 'image/jpeg')).toBe(false);
    expect(isComplete(makePng(), 'image/png')).toBe(true);
    expect(isComplete(makePng().subarray(0, 30), 'image/png')).toBe(false);
  });
});
