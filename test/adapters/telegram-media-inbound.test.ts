/** issue 13: what a Telegram message carries becomes a reference the media intake downloads. */
import type { UserFromGetMe } from 'grammy/types';
import { parseUpdate, toInbound } from '../../adapters/telegram/telegram-inbound';

const me = { id: 1, is_bot: true, first_name: 'minhu', username: 'minhu_bot' } as UserFromGetMe;
const update = (message: Record<string, unknown>) => {
  const read = parseUpdate({ update_id: 7, message: { message_id: 3, date: 1, chat: { id: -1001, type: 'group' }, from: { id: 42, is_bot: false, first_name: '周' }, ...message } });
  if (!read.ok) throw new Error(read.reason);
  return toInbound(read.value, me);
};

describe('Telegram media references', () => {
  it('should take the largest photo size, voice with its length, a video note as voice, and a venue as a point', () => {
    expect(update({ photo: [{ file_id: 'S', file_unique_id: 's', width: 90, height: 90 }, { file_id: 'L', file_unique_id: 'l', width: 1280, height: 960 }] })).toMatchObject({ photo: 'tg:L', kind: 'photo' });
    expect(update({ voice: { file_id: 'V', file_unique_id: 'v', duration: 12 } })).toMatchObject({ photo: 'tg:V', voiceSeconds: 12 });
    expect(update({ video_note: { file_id: 'N', file_unique_id: 'n', length: 240, duration: 8 } })).toMatchObject({ photo: 'tg:N', voiceSeconds: 8 });
    expect(update({ venue: { location: { latitude: 25.0391, longitude: 102.7052 }, title: '王家村', address: '3组' } })).toMatchObject({ photo: 'geo:25.039100,102.705200' });
  });
});
