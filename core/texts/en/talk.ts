/** Issue 14 — a natural conversation (see ../zh-CN/talk.ts), in English. */
import type { talk as zh } from '../zh-CN/talk';

export const talk: Record<keyof typeof zh, string> = {
  'turn.hello': 'Hello!',
  'turn.welcome': 'You are welcome; write any time.',
  'turn.howTo': 'Hello! To report something, just say what and where, e.g. the street light in group 3 is broken.\nTo see how it is going, send "progress".\nFor more, send "help".',
  'turn.askChoice': 'Is this more about #{id}, or something new?\nReply 1 add to it / 2 something new',
  'turn.askChoiceDraft': 'Is this more about "{summary}", or something new?\nReply 1 add to it / 2 something new',
  'turn.supplement': 'Add to it',
  'turn.new': 'Something new',
};
