/** Issue 17: the console workspace (English). */
import type { workspace as zh } from '../zh-CN/console';

export const workspace: Record<keyof typeof zh, string> = {
  'action.privateReply': 'private reply',
  'action.note': 'internal note',
  'event.noted': 'internal note',
  'event.replied_privately': 'private reply to the household',
  'console.private.toHousehold': 'About your request #{id} ({unit}): {text}',
  'console.private.sent': 'Sent privately to the household of #{id} ({route}): {text}',
  'console.private.noRoute': 'The household of #{id} has no private route ({channel} group members must have written to minhu privately first); answer in the group or call them.',
  'console.note.done': 'Internal note kept on #{id}; only staff can see it.',
  'console.route.telegram': 'Telegram private chat',
  'console.route.web': 'web private chat',
  'console.route.wecom': 'WeCom private chat',
};
