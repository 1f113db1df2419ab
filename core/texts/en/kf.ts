/** Issue 12 — WeCom households, in English (the same keys as zh-CN/kf.ts). */
import type { kf as zhKf } from '../zh-CN/kf';

export const kf: Record<keyof typeof zhKf, string> = {
  'kf.welcome': 'Hello! This is the minhu service of {grid}. Send us the problem, a photo or your location and a grid worker will handle it soon.',
  'kf.welcomeNoGrid': 'Hello! This is the minhu service. Send us the problem, a photo or your location.',
  'kf.menu.report': 'Report a problem',
  'kf.menu.progress': 'My requests',
  'kf.menu.help': 'How it works',
  'kf.noGrid': 'Hello! Please open the minhu link pinned in your grid group, so that we know your grid and can register your request.',
  'kf.standInName': 'WeChat user',
  'kf.named': '{name}, {text}',
  'kf.rateInGroup': '#{id} is resolved. {name}, please rate it (satisfied, basically satisfied, unsatisfied) here:\n{link}',
  'rateAsk.notYours': 'Only the household who raised this request can rate it. Thank you for your concern!',
  'rateAsk.notYet': '#{id} is still being handled; you will be asked to rate it once it is done.',
  'rateAsk.done': '#{id} has been rated already. Thank you!',
  'action.registerFor': 'register for a household',
  'registerFor.usage': 'To register for a household: 代报 name [phone] place problem, e.g. 代报 王阿姨 13812345678 3组12号 路灯坏了',
  'registerFor.noGrid': 'Please say which grid the household lives in: put its group in the place (e.g. 3组12号), or register within your own grid.',
  'registerFor.done': 'Registered #{id} for {name} [{category}] {summary}\nPlace: {place}{phone}\n{where}',
  'registerFor.toGroup': 'The receipt and later steps go to {group}.',
  'registerFor.note': 'for {name}',
  'registerFor.by': '\n(registered by {staff})',
  'registerFor.theGroup': 'the household group',
  'registerFor.noGroup': '{area} has no household group yet: please tell {name} the number #{id}; later steps come to you.',
};
