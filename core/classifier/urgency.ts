/**
 * Life-and-safety reading in three levels: `urgent` (call now: fire, gas, flood, someone trapped,
 * injured, missing, collapse, electric shock, violence), `possible` (a hazard or a person at risk
 * that a worker should look at at once), `none`. Recall matters more than precision: a false
 * alarm costs a phone call, a missed one may cost a life. Alarm words are one source; hazards
 * reasoned from thing × state × consequence and vulnerable person × state (./hazard) the other.
 * Negated (`没着火`), resolved (`昨天停电了现在好了`) and long-past mentions do not count; a
 * feared one (`怕着火`) counts as possible.
 */
import { findHazards, hazardParts, type EmergencyNumber, type HazardHit } from './hazard';
import { MORE_POSSIBLE, MORE_SIGNALS, TALL, TALL_STATE } from './hazard-kinds';
import { standardizeSpoken } from './spoken';

export type UrgencyLevel = 'urgent' | 'possible' | 'none';

export interface Urgency {
  /** True for `urgent` only (kept for callers that know one level). */
  urgent: boolean;
  level: UrgencyLevel;
  /** 110 police, 119 fire and rescue, 120 ambulance — sorted; empty when `none`. */
  call: EmergencyNumber[];
  /** What was found (for logs and review), e.g. `wire:电线`. */
  reasons: string[];
}

const SIGNALS: [RegExp, EmergencyNumber[]][] = [
  [/着火|起火|失火|火灾|火很大|火越来越|有烟|烟很大|冒大股|白汽|砰砰|火烧|都是火|一片火|一圈火|烧起来|冒烟|冒黑烟|浓烟|火花|打火|着了火|火苗(?!.{0,3}(小|跟|不旺|发红|发黄|蓝|点不))|烧着了|烧房子/, ['119']],
  [/煤气味|燃气味|天然气味|漏气|燃气泄漏|气体泄漏|液化气味|(气|气味).{0,3}很冲|臭鸡蛋味|燃气.{0,4}(漏|冒)|气在往外冒|气味.{0,3}浓|一氧化碳|煤气中毒|烧炭|煤炉.{0,6}(晕|昏)|闷在屋里.{0,6}(晕|昏)/, ['119', '120']],
  [/(?<!特)困人|困住|被困|困了|困在|卡住了|关在里面|出不来|往下掉|被埋|(人|孩子|老人|有人).{0,4}埋了|卷进去|卷住|绞进|夹住|掉进|掉下去|掉到.{0,4}(河|塘|井|沟|水)|掉河|落水|跳河|跳楼|溺水|淹着|坠/, ['119', '120']],
  [/塌了|塌下来|要塌|快塌|倒塌|坍塌|塌陷|垮了|垮下来|溃坝|决口|滑坡|泥石流|要掉下来|快掉下来|砸到|砸伤|砸着人|压着人|压在下面/, ['119', '120']],
  [/大水|洪水|山洪|被淹|淹了|漫上来|漫过来|水都进屋|水进屋|水灌进|涨大水|水冲走|冲走了|水漫过|淹过|没过(膝|腰|大腿)|进水.{0,4}(深|尺|米|膝)/, ['119']],
  [/水.{0,8}(灯口|灯座|插座|电箱|电闸|配电|电表)|(灯口|灯座|插座|电箱|电闸|配电|电表|电线).{0,8}(滴水|进水|渗水|泡水|漏水|泡在水)/, ['119']],
  [/(嘶嘶|滋滋|呲呲|呼呼).{0,6}(响|冒|喷)|(喷|冒)气|(气|味).{0,4}(飘|熏)出来|(门缝|单元门|楼道|整栋|整条街|屋里).{0,6}(气味|味道|都是味|全是味)/, ['119', '120']],
  [/触电|被电|漏电|电倒|电着了|电线.{0,6}(断|掉|着火|冒|拖在地|耷拉到地)|电线杆.{0,2}倒|电杆.{0,2}倒|高压线/, ['119', '120']],
  [/晕倒|昏迷|昏过去|晕过去|倒地|抽搐|抽筋|叫不醒|喘不上气|(?<![累饿困热冷烦气急忙吵臭疼痒]得?)不行了|吐血|流血|(?<!鼻子)出血|大出血|受伤|摔伤|骨折|中毒|呕吐.{0,6}(送|医院)|上吐下泻|都吐了|好多.{0,6}呕吐|集体.{0,2}(呕吐|中毒)|倒在家里|敲门.{0,2}(不应|没人应)|喝农药|喝了药|吃了药.{0,4}(想不开|自杀)|老鼠药|半边身子|说不了话|摔倒了|没有呼吸|没呼吸|心脏病|犯心脏|咬伤|烫伤|烧伤/, ['120']],
  [/砍人|持刀|拿刀|拿着刀|动刀|打人|打我|打老婆|打孩子|家暴|打起来|斗殴|追人|杀人|要杀|威胁.{0,4}命|拿了棍子|抢劫|抢钱|绑架|强奸|猥亵|性侵|(?<!私)自杀|(拿|持|举|握|提)着?.{0,3}(刀|剪刀|斧|棍|钢管|铁棍|铁锹|锄头|酒瓶)|摔酒瓶|砸(门|车|窗)|踹门|按在地上|推倒了|要动手|尖叫|喊救命|救命|头破|血印|身上都是血|抱上.{0,6}车|拉上.{0,6}车|锁在.{0,6}(屋|房)|不让走|撬.{0,3}门|撬锁|翻墙进|泼.{0,4}(汽油|东西)|(要|扬言|说要|想).{0,3}点火|放火|纵火|把.{0,6}(点了|烧了)|(揣着|带着|拿着)(存折|银行卡|现金)|轻生|想不开|寻死/, ['110', '120']],
  [/(?<!看)不见了|走失|失踪|没找到|丢了孩子|孩子丢了|人丢了|走丢/, ['110']],
  [/(脸|嘴|嘴唇).{0,2}(发)?(紫|青)|噎住|卡住喉咙|卡(在)?喉咙|喘得|说不出话|说胡话|看不清了|脱水|肚子疼得|绞痛|直不起腰|骨头戳|头破|着地.{0,8}(说胡话|不醒|吐)|要生了|羊水破|误喝|误食|喝了.{0,4}(消毒|农药|洗洁|漂白|汽油|白酒.{0,8}看不清)|倒下了|按胸口|晕过去|抽风|惊厥|高烧不退|哮喘犯/, ['120']],
  [/(我们|一家|全家|一桌|几家|三家|两家|好几个|几个人|都)[^，。]{0,10}(肚子疼|肚子痛|吐了|拉肚子|发麻|头晕)|(煤炉|炉子|炭盆|炭火|烧炭|火盆).{0,20}(头疼|头晕|头痛|想吐|恶心|站不|晕)/, ['120']],
  [/撞人|被车撞|车祸|撞了人|翻车|撞倒/, ['110', '120']],
];

/** Phrases that are worth a look at once but not an emergency call by themselves. */
const POSSIBLE: [RegExp, EmergencyNumber[]][] = [
  [/陌生(人|男|车|的男)|不认识的(人|男)|没牌照|无牌|踩点|记号|打听.{0,8}(孩子|老人|留守|谁家)|跟着.{0,6}(女|孩子|学生)|窗户外面.{0,4}站|拍.{0,6}(女生|孩子|小孩)|拦着?.{0,8}(要钱|赔钱)|约.{0,6}见面|转了.{0,3}天|进进出出|抢走|抢孩子|赶出来|赶出家门|要砸|去砸|砸门|犯病|停药|管不住|社会青年|放高利贷|催债/, ['110']],
  [/吃不下|一直睡|迷迷糊糊|肿了|褥疮|拉肚子|发烧三天|烧了.{0,3}天|不肯去看|不肯去医院|传染|晕了一下|中暑|热晕|恶心|发青|直哆嗦/, ['120']],
  [/消防(通道|门|栓).{0,8}(锁|堵|没水|坏)|防火门.{0,6}(坏|开着|锁)|安全出口.{0,4}(锁|堵)|承重墙|危房|[CD]级|挖(空|塌)|掏空|直上直下|填.{0,3}河|占了?.{0,2}河道|汛期|渣土.{0,10}(冲|滑)|(炭盆|火盆|烧炭).{0,12}(关|屋里)|电梯.{0,10}(顿|突然|关到一半|应急电话|过期)/, ['119']],
  [/(地下室|一楼|屋里|家里|教室|车库|床底).{0,6}(全是水|都是水|进水|积水|水.{0,3}深|泡了)|水.{0,3}(冲进|灌进|漫进|涌进|渗进)|往屋里(渗|流|灌)/, ['119']],
  [/晚上看不见|看不清.{0,4}(坑|沟|桩|洞)|没有?警示|没有?提示牌|没有?围挡|(老人|孩子|小孩|娃|有人|好几个人|好多人|几个人).{0,8}(摔过|摔倒过|掉进去过|栽进|滑倒|差点)/, ['110', '120']],
  [/(歪了|断了|塌了|掉了|松了|裂了|露出来|悬着|翘起来|锈穿|锈断|没盖).{0,12}(孩子|小孩|娃|老人|行人|有人|上学|放学|人多|下面是|旁边就是)/, ['110', '119']],
  [/楼道.{0,9}充电|飞线充电|屋里.{0,4}充电|拉线充电|(焦|糊|烧塑料|烧胶)的?味|怪味.{0,6}(头晕|难受)|发烫.{0,4}(冒|响)/, ['119']],
  [/差点(被|就|儿)?.{0,2}(砸|摔|掉|电|撞|淹|压|烧|绊|滑|卷|骑进|栽|擦|碰|跌)|险些|好险|刚才.{0,4}(砸|掉)下来|掉下来.{0,4}(差点|险)/, ['119', '120']],
  [/(狗|疯狗|野狗|大狗).{0,6}(咬|追|扑).{0,2}(人|孩子|小孩|老人|我|伤)|被.{0,4}(蛇|马蜂|蜂)|马蜂窝|毒蛇/, ['120']],
  [/喝醉.{0,8}(砸|闹|骂|打)|扬言|要报复|拿.{0,3}(砖|棍|铁锹|锄头)|堵在门口.{0,6}(骂|闹)|上门.{0,4}闹|逼债|暴力催收/, ['110']],
];

/** Words that say the danger is not there. */
const NEGATION = /(没有|没|不|不是|未|无|并没|不会|别|不要|防止|预防|避免|以防|没有人|没人|无人|没被|没有被|不再|不用)$/;
/** "没看到有人受伤", "没闻到煤气味": nothing was seen, heard or smelt. */
const SEEN_NOTHING = /(没|没有|未|并没有?)(看到|看见|见到|发现|听到|听说|闻到|感觉到?)(有)?(人)?$/;
/** Words that say the danger is feared, not happening: counts as possible. */
const HEDGE = /(怕|担心|生怕|万一|容易|可能会|会不会|小心|隐患|迟早|早晚|要是|如果|说不定|恐怕|就怕|防着|随时会|随时可能)/;
/** A question about what to do if it ever happens: no danger now. */
const HYPOTHETICAL = /(万一|如果|要是|假如|遇到|碰到).{0,20}(怎么办|咋办|找谁|打哪|打什么|打几号|应该|该怎么|先|吗|能不能|去哪|怎么处理)|应急电话|备着/;
/** Asking for aid, pay or compensation after the event, with no sign it is still going on. */
const CLAIM = /救助|救济|补助|补偿|赔偿|不赔|理赔|医药费|报销|工伤|认定|保险|能申请|怎么申请|有没有补|就不管了|老板不管|包工头不管|员工|平台说|学校说|负责|谁出钱/;
/** A person missing or unreachable now: not silenced by words about claims (`学校说四点就走了`). */
const PERSON_NOW = /(没回来|没到家|没回家|还没回|电话(也)?不接|联系不上|找不到)/;
const NOW = /快来|快点|赶紧|赶快|救命|正在|还在|马上|刚刚|刚才|出不来|刚(出门|走|被|上车)/;
/** The danger is over. */
const RESOLVED = /(现在|已经|已|后来|刚才|刚刚)?(都)?(好了|修好了?|恢复了|恢复正常|来电了|来水了|灭了|扑灭|没事了|处理好了|处理完了|解决了|救出来了|找到了|找回来了|回来了|回家了|平安(?![路街村巷镇桥区里大])|退烧了|醒了|出院了|人没事|接走了|换了新的)/;
/** A mention of the long past, with no sign it is still going on. */
const PAST = /去年|前年|那年|以前|上次|上回|之前|那件事|小时候|几年前|当年|上个月|上周|上星期|前几天/;
const STILL = /现在|还在|还是|又|正在|一直|刚才|刚刚|马上|快来|赶紧|赶快|到现在|至今|依然|仍然/;
/** After a resolution: it came back. */
const AGAIN = /又|再次|还是不行|又开始|又坏/;
/** It was not what it seemed. */
const FALSE_ALARM = /原来是|不是(燃气|煤气|漏气|着火|火)|虚惊|查清楚了?吗|听说.{0,24}(吗|真的)|是真的吗/;

/** Detects urgency in a message. */
export function detectUrgency(input: string): Urgency {
  const text = standardizeSpoken(input.replace(/\s+/g, ''));
  const found: HazardHit[] = [];
  for (const [pattern, call] of [...SIGNALS, ...MORE_SIGNALS]) {
    const re = new RegExp(pattern.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) found.push({ level: 'urgent', call, start: m.index, end: m.index + m[0].length, reason: m[0] });
  }
  for (const [pattern, call] of [...POSSIBLE, ...MORE_POSSIBLE]) {
    const m = pattern.exec(text);
    if (m) found.push({ level: 'possible', call, start: m.index, end: m.index + m[0].length, reason: m[0] });
  }
  const tall = TALL.exec(text);
  if (tall && TALL_STATE.test(text.slice(tall.index, tall.index + tall[0].length + 12))) found.push({ level: 'possible', call: ['119'], start: tall.index, end: tall.index + tall[0].length, reason: `tall:${tall[0]}` });
  found.push(...findHazards(text));
  if ((HYPOTHETICAL.test(text) || FALSE_ALARM.test(text)) && !NOW.test(text)) return { urgent: false, level: 'none', call: [], reasons: [] };
  if (CLAIM.test(text) && !NOW.test(text) && !PERSON_NOW.test(text)) return { urgent: false, level: 'none', call: [], reasons: [] };
  const kept: HazardHit[] = [];
  for (const hit of found) {
    const before = text.slice(Math.max(0, hit.start - 4), hit.start);
    if (NEGATION.test(before) || SEEN_NOTHING.test(text.slice(Math.max(0, hit.start - 8), hit.start))) continue;
    const after = text.slice(hit.start, hit.end + 24);
    const resolved = RESOLVED.exec(after);
    // "还没好" is not over; "说没事 已经好了" is (the negation must stand right before the resolution).
    if (resolved && !/(没|还没|不|未)(有)?$/.test(after.slice(0, resolved.index)) && !AGAIN.test(after.slice(resolved.index + resolved[0].length))) continue;
    if (PAST.test(text.slice(0, hit.start)) && !STILL.test(text.slice(hit.end))) continue;
    // "火灾的补助", "洪水的补偿": the event names a claim, not a danger now.
    if (/^.{0,3}的(补助|补偿|赔偿|救济|补贴|钱|款|保险|事情?)/.test(text.slice(hit.end))) continue;
    const hedged = HEDGE.test(text.slice(Math.max(0, hit.start - 8), hit.end + 10));
    kept.push(hedged ? { ...hit, level: 'possible' } : hit);
  }
  const level: UrgencyLevel = kept.some((h) => h.level === 'urgent') ? 'urgent' : kept.length ? 'possible' : 'none';
  const call = new Set<EmergencyNumber>();
  for (const h of kept) if (h.level === level) h.call.forEach((n) => call.add(n));
  return { urgent: level === 'urgent', level, call: [...call].sort(), reasons: [...new Set(kept.map((h) => h.reason))] };
}

/** What the rules see, as features for the learnt danger model: hazard parts, the qualifiers, the rules' level. */
export function urgencyFeatures(input: string): string[] {
  const text = standardizeSpoken(input.replace(/\s+/g, ''));
  const out = hazardParts(text);
  const flags: [string, RegExp][] = [['hyp', HYPOTHETICAL], ['false', FALSE_ALARM], ['claim', CLAIM], ['now', NOW], ['resolved', RESOLVED], ['past', PAST], ['still', STILL], ['hedge', HEDGE]];
  for (const [name, re] of flags) if (re.test(text)) out.push(`u:${name}`);
  return out;
}
