/**
 * Life-and-safety signals (fire, gas, flood, someone trapped, injured, missing, collapse,
 * electric shock, violence). Recall matters more than precision: a false alarm costs a phone
 * call, a missed one may cost a life. Each signal says which emergency number to call.
 */

export interface Urgency {
  urgent: boolean;
  /** 110 police, 119 fire and rescue, 120 ambulance — in the order they apply. */
  call: ('110' | '119' | '120')[];
}

const SIGNALS: [RegExp, ('110' | '119' | '120')[]][] = [
  [/着火|起火|失火|火灾|火很大|烧起来|冒烟|火花|打火|着了火/, ['119']],
  [/煤气味|燃气味|天然气味|漏气|燃气泄漏|气体泄漏|液化气味|(气|气味).{0,3}很冲|臭鸡蛋味|燃气.{0,4}(漏|冒)|气在往外冒|气味.{0,3}浓|一氧化碳|煤气中毒|烧炭|煤炉.{0,6}(晕|昏)/, ['119', '120']],
  [/困人|困住|被困|困了|卡住了|关在里面|出不来|往下掉|被埋|埋了|掉进|掉下去|掉河|落水|跳河|溺水|坠/, ['119', '120']],
  [/塌了|塌下来|要塌|快塌|倒塌|坍塌|塌陷|垮了|溃坝|决口|滑坡|泥石流|要掉下来|砸到/, ['119', '120']],
  [/大水|洪水|山洪|被淹|淹了|漫上来|漫过来|水都进屋/, ['119']],
  [/触电|被电|漏电|电倒|电线.{0,6}(断|掉|着火|冒|拖在地|耷拉到地)|电线杆.{0,2}倒|电杆.{0,2}倒|高压线/, ['119', '120']],
  [/晕倒|昏迷|倒地|抽搐|抽筋|叫不醒|喘不上气|不行了|吐血|流血|受伤|摔伤|中毒|呕吐.{0,6}(送|医院)|上吐下泻|都吐了|好多.{0,6}呕吐|集体.{0,2}(呕吐|中毒)|倒在家里|敲门.{0,2}(不应|没人应)|喝农药|老鼠药|半边身子|说不了话|摔倒了/, ['120']],
  [/砍人|持刀|拿刀|拿着刀|动刀|打人|打我|打老婆|家暴|打起来|斗殴|追人|杀人|威胁.{0,4}命|拿了棍子/, ['110', '120']],
  [/不见了|走失|失踪|找不到人|没找到|丢了孩子/, ['110']],
  [/撞人|被车撞|车祸/, ['110', '120']],
];

/** Detects urgency in a message. */
export function detectUrgency(text: string): Urgency {
  const call = new Set<'110' | '119' | '120'>();
  for (const [pattern, numbers] of SIGNALS) if (pattern.test(text)) numbers.forEach((n) => call.add(n));
  return { urgent: call.size > 0, call: [...call].sort() };
}
