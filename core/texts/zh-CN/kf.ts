/**
 * Issue 12 — WeCom households (微信客服, the group robot in customer groups, 代报). Households read
 * these in WeChat: plain words, no staff jargon, never an id or anything English.
 */
export const kf = {
  /** The welcome menu on entering the chat from a grid's link (head of the menu). */
  'kf.welcome': '您好！这里是{grid}的民呼服务。有事需要办，直接把问题、照片或位置发给我们就行，网格员会尽快处理。',
  'kf.welcomeNoGrid': '您好！这里是民呼服务。有事需要办，直接把问题、照片或位置发给我们就行。',
  'kf.menu.report': '我要报事',
  'kf.menu.progress': '查进度',
  'kf.menu.help': '怎么用',
  /** A household who reached the account without a grid's link: where to find it. */
  'kf.noGrid': '您好！请在您所在网格群的群公告里点民呼的链接进来，我们就知道您是哪个网格的，马上为您登记。',
  /** A line for one household, posted in their group (WeChat users cannot be @-mentioned there). */
  /** A household's name before minhu knows it (WeChat gave no nickname). */
  'kf.standInName': '微信用户',
  'kf.named': '{name}，{text}',
  /** The rating line in the group: the grid's link opens the chat with the rating menu. */
  'kf.rateInGroup': '#{id} 已办结。请{name}点下面的链接评价（满意、基本满意、不满意）：\n{link}',
  'rateAsk.notYours': '这件事不是您反映的，只有反映的住户才能评价。谢谢您的关心！',
  'rateAsk.notYet': '#{id} 还在办理中，办好后会请您评价。',
  'rateAsk.done': '#{id} 已经评价过了，谢谢您！',
  // --- 代报: staff register what a household said in the group, on the phone or at the door ---
  'action.registerFor': '代报',
  'registerFor.usage': '代报的格式：代报 姓名 电话（可不写） 地点 问题，例如：代报 王阿姨 13812345678 3组12号 路灯坏了',
  'registerFor.noGrid': '请写明是哪个网格的住户：地点里写上组名（如 3组12号），或在您负责的网格里代报。',
  /** The confirmation to the staff member who registered it. */
  'registerFor.done': '已代{name}登记 #{id}【{category}】{summary}\n位置：{place}{phone}\n{where}',
  'registerFor.toGroup': '回执和后续进展会发到{group}。',
  /** On the timeline: who registered it for whom. */
  'registerFor.note': '代{name}登记',
  /** After the receipt in the household's group (named there, never their phone). */
  'registerFor.by': '\n（{staff}代报）',
  'registerFor.theGroup': '住户群',
  'registerFor.noGroup': '{area}还没有绑定住户群，请把编号 #{id} 告诉{name}，后续进展会发给您。',
} as const;
