/**
 * Issue 14 — a conversation people find natural: the dialog that never swallows a new message
 * (core/dialog-turn), help by role, names and human times in what households read. Keys `turn.*`,
 * `help.*`, `talk.*`. Every text here is checked against ../README.md.
 */
export const talk = {
  // the dialog never swallows a new message
  'turn.hello': '您好！',
  'turn.welcome': '不客气，有事随时说。',
  'turn.howTo': '您好！有事要反映，直接说问题和地方就行，如：3组路灯坏了。\n想看办得怎样，发“进度”。\n想看更多用法，发“帮助”。',
  'turn.askChoice': '您是要补充 #{id}，还是报一件新的事？\n回复 1 补充 / 2 新的事',
  'turn.askChoiceDraft': '您是要补充刚才说的“{summary}”，还是报一件新的事？\n回复 1 补充 / 2 新的事',
  'turn.supplement': '补充',
  'turn.new': '新的事',
} as const;
