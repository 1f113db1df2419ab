/**
 * Hazards described without alarm words: a *thing* (wire, cover, tree, wall …) in a dangerous
 * *state* (fallen, missing, exposed …), made worse by a *consequence* or an exposure (people pass,
 * children, at night, it blocks, floods or may crush). And a *vulnerable person* (an old person
 * living alone, a child) *out of sight*, *unresponsive*, *followed* or *missing*.
 * Each rule names the emergency numbers that fit. Pure; only regular expressions over the text.
 */

export type EmergencyNumber = '110' | '119' | '120';

/** A danger found in the text: its level, the numbers to call, where it was found and why. */
export interface HazardHit {
  level: 'urgent' | 'possible';
  call: EmergencyNumber[];
  start: number;
  end: number;
  reason: string;
}

interface ThingRule {
  name: string;
  thing: RegExp;
  /** States that make the thing a danger by themselves (possible at least). */
  state: RegExp;
  /** States that are urgent even without a named consequence. */
  severe?: RegExp;
  call: EmergencyNumber[];
}

// States are matched within a short window after (or just before) the thing.
const THINGS: ThingRule[] = [
  {
    name: 'wire',
    thing: /电线杆|电杆|线杆|电线|电缆|线头|高压线|进户线|电源线|铜丝|铁丝|晾衣线|避雷针|避雷|配电间|配电房|配电柜|电柜|电房|充电桩|电箱|配电箱|电表箱|变压器|插座|插排|插线板|开关|电闸|线路|电路|路灯杆|灯杆|电动车充电|飞线/,
    state: /断|掉|落|垂|耷拉|拖|搭|挂|露|裸|破|外皮|带电|熔|开着|敞着|锁坏|没锁|老化|冒火|火花|打火|噼啪|啪啪|冒烟|发烫|烫手|烧焦|焦味|糊味|烧黑|泡|进水|淹|漏电|麻|电到|电人|歪|斜|倒|压|垂|低|碰|晃|短路|着|乱拉|私拉|滋滋/,
    severe: /断|掉地|落地|拖地|拖在地|在地上拖|垂到地|搭在|倒|漏电|麻|电到|电人|带电|熔|火花|打火|冒火|冒烟|着了|烧焦|短路|泡在水|淹/,
    call: ['119', '120'],
  },
  {
    name: 'cover',
    thing: /井盖|窨井|下水道口|表井|水表井|阀门井|铁盖子|井的盖子|池的盖子|下水井|雨水井|篦子|盖板|沟盖|化粪池盖|检查井|井口|枯井|机井|水井/,
    state: /没了|没有了|丢|不见|被偷|偷走|缺|坏|破|碎|裂|翻|断|翘|弹|飞|顶开|锈穿|开着|敞着|敞开|掀|松|塌|陷|掉|空着|露着|一个洞|大洞|没盖|没人盖/,
    call: ['110'],
  },
  {
    name: 'tree',
    thing: /大树|树枝|树干|枝丫|树杈|老树|枯树|树/,
    state: /倒|断|歪|斜|裂|要倒|快倒|压|砸|横在|挡|掉|折|劈|晃|悬|挂在|搭在|枯/,
    severe: /倒在|砸|压在|压着|压到|搭在.{0,3}线|挂在.{0,3}线/,
    call: ['119'],
  },
  {
    name: 'structure',
    thing: /房子|房屋|老房|危房|土房|屋顶|房顶|房梁|横梁|大梁|楼板|阳台|天花板|吊顶|屋檐|瓦片|瓦|围墙|院墙|墙体|外墙|墙皮|墙面|山墙|挡土墙|堡坎|墙|广告牌|招牌|牌子|雨棚|棚子|彩钢瓦|脚手架|塔吊|烟囱|窗户|窗框|玻璃|空调外机|外机|楼梯|台阶|柱子|预制板|石板|水塔|水箱|顶棚|站台|爬梯|梯子|支架|储水罐|罐子|钢架|铁架|看台|舞台|围挡|篮球架|滑梯|秋千|健身器材|单杠|挡墙|烟囱|防火门/,
    state: /裂|缝|歪|斜|倒|塌|垮|陷|鼓|掉|落|脱落|松|锈断|锈穿|断|晃|摇|悬|吊着|往下掉|掉渣|掉块|泡|裂开|开裂|变形|下沉|弯了|撑不住|吱吱|咔咔/,
    severe: /塌|垮|倒了|倒下|往下掉|掉下来|砸|撑不住|要倒|快倒|悬着|吊着|大块|整块|下沉/,
    call: ['119', '120'],
  },
  {
    name: 'railing',
    thing: /防护墩|水泥墩|防撞墩|护栏|栏杆|扶手|围栏|防护网|隔离栏|护坡|防护栏|拦网/,
    state: /断|没了|丢|不见|缺|坏|倒|歪|松|晃|撞|掉|塌|锈断|烂/,
    call: ['110'],
  },
  {
    name: 'lift',
    thing: /电梯|轿厢|升降梯/,
    state: /困|卡|关在|下坠|往下掉|掉|冲顶|夹|门开着.{0,4}(走|跑)|不平层|错层|突然停|停在半|晃|异响|抖|打不开|开不了/,
    severe: /困|关在|下坠|往下掉|冲顶|夹/,
    call: ['119'],
  },
  {
    name: 'bridge',
    thing: /桥|桥面|桥墩|桥栏|便桥|木桥|石桥|吊桥|涵洞|路基|隧道|下穿|地道|桥洞/,
    state: /裂|塌|断|垮|冲|晃|歪|陷|洞|坑|掏空|悬空|松|没了|掉|露|锈|钢筋|淹|漫|看不见|水.{0,4}深|积水|过不来|熄火|翘|鼓|颠/,
    severe: /塌|断|垮|冲走|冲垮|掏空|悬空|淹到|过不来|熄火/,
    call: ['110', '119'],
  },
  {
    name: 'slope',
    thing: /山坡|山体|土坡|边坡|后山|坡上|坡|山上|落石|石头|土方|河堤|堤坝|堤|大坝|坝|塘坝|水库|鱼塘埂|田埂|渠/,
    state: /裂|塌|垮|滑|滚|掉|落|松|冲|漏|渗|管涌|冒水|往下掉|溜|鼓|决|漫|满了|快满|悬/,
    severe: /滑|塌|垮|滚下|决|漫|管涌|冲/,
    call: ['119'],
  },
  {
    name: 'pipe',
    thing: /水管|水管子|主管|管道|管子|自来水管|供水管|暖气管|暖气片|热水管|下水管|排水管/,
    state: /爆|裂|喷|断|崩|破|冒水|呲水|漏|包了/,
    call: ['119'],
  },
  {
    name: 'gas',
    thing: /燃气管|煤气管|天然气管|然气|燃气立管|立管|(?<!暖)气管|软管|气罐|煤气罐|液化气罐|液化气|钢瓶|气瓶|减压阀|气阀|燃气阀|调压箱|调压柜|燃气表|气表|燃气灶|煤气灶|热水器|燃气|煤气/,
    state: /漏|味|嘶嘶|滋滋|呲|冒|喷|破|裂|松|关不上|关不紧|拧不紧|挖断|挖破|打穿|压坏|撞坏|老化|鼓|锈|掉渣|硬|堆|放在|摆|晒|忘了关|忘关|撬|随便拧|压路机|挖掘机|没有报警|刮|弯|撞/,
    severe: /漏|味|嘶嘶|滋滋|呲|冒气|往外冒|喷|挖断|挖破|打穿|破了/,
    call: ['119', '120'],
  },
  {
    name: 'road',
    thing: /路面|马路|公路|路上|路中间|路边|地面|路基|村道|桥头|小路|山路|石板路|路/,
    state: /软软|发软|鼓包|下沉|大坑|深坑|塌|陷|断|冲毁|冲垮|冲断|掏空|悬空|裂开一|结冰|冰面|打滑|油污|钉子|大石头|石头挡|落石/,
    severe: /塌|陷下去|冲毁|冲垮|冲断|掏空|悬空/,
    call: ['110'],
  },
  {
    name: 'water',
    thing: /河|河边|河里|水塘|池塘|塘|水库|水坑|水沟|深沟|鱼塘|冰面|冰上|湖|渠|排洪|蓄水池|水池|粪池|化粪池/,
    state: /没护栏|没有护栏|没围栏|没有围栏|没盖|没有盖|涨|很深|好深|冰.{0,3}(薄|裂)|涨水|水涨|水位|冲走|水很急|水急|孩子.{0,4}(玩|游|钓|捞)|小孩.{0,4}(玩|游|钓|捞)|游泳|滑冰|溜冰/,
    call: ['110', '119'],
  },
  {
    name: 'fire-risk',
    thing: /秸秆|柴火|柴堆|草堆|稻草|杂物|纸箱|电动车|电瓶车|电瓶|充电器|充电宝|锅(?!炉)|(?<!锅)炉子|煤炉|火炉|取暖器|电热毯|小太阳|蜡烛|烟头|油锅|锅里/,
    state: /冒烟|烟|焦味|糊味|烧焦|发烫|烫|火星|火苗|鼓包|炸|爆|着|烧|楼道.{0,4}充电|屋里.{0,4}充电|一直开着|没关/,
    severe: /冒烟|火苗|火星|炸|着了|烧起/,
    call: ['119'],
  },
];

/** What makes a dangerous state urgent: someone is or may be hurt, trapped, or it spreads. */
const CONSEQUENCE = /发麻|手麻|打了一下|冲倒|卷进|卷走|旋涡|砸到|砸伤|砸着|砸了|压到|压着人|压住|压伤|伤到|伤了|受伤|摔伤|摔下|摔进|掉进|掉下去|掉了进去|踩空|绊倒|电到|电着|麻了|被电|着火|烧起来|冒烟|淹|灌进|进屋|进家|水漫|漫进|冲走|困在|出不来|堵死|拦住|封住|压塌|压垮|流血|昏|晕|抽/;

/** Who is exposed to it (raises "possible" signals, never by itself). */
const EXPOSURE = /越来越|一天比一天|塞进去|能塞|挨着|紧挨|贴着|陡坡|悬崖|深沟|教室|头顶|头上|床上|幼儿园|学校|马路|路中间|门口|人行道|广场|菜场|市场|过车|大车|刮风|下面是|下面有人|旁边就是|人多|小孩|孩子|学生|娃|老人|老太|老头|行人|路人|过路|路过|经过|走路|骑车|车来车往|人来人往|人多|天天有人|有人走|上学|放学|晚上|天黑|夜里|半夜|看不见|看不清|随时|危险|吓人|害怕|不敢/;

/** A vulnerable person. */
const PERSON = /老婆|媳妇|丈夫|老公|妻子|初中生|高中生|小伙子|姑娘|小姑娘|女孩|男孩|妇女|女的|女工|工人|老人|老人家|老太太|老太婆|老婆婆|老奶奶|老大爷|老爷子|老头|老汉|大爷|大娘|大妈|婆婆|阿婆|奶奶|爷爷|外婆|外公|姥姥|姥爷|独居|孤寡|五保|空巢|瘫|残疾|病人|孕妇|产妇|小孩|孩子|娃|儿子|女儿|闺女|孙子|孙女|学生|小朋友|婴儿|宝宝|傻子|智障|痴呆|糊涂|精神病|精神不好|我妈|我爸|我娘|老娘|老爹|老伴|母亲|父亲|婆婆|他妈|她妈|邻居|那家人|那户|他家|她家/;

/** Out of sight, unresponsive, followed, missing: the states that matter for a person. */
const PERSON_STATE: [RegExp, 'urgent' | 'possible', EmergencyNumber[]][] = [
  [/叫不醒|喊不醒|没见人|不见人影|还没见|没见着|叫不应|喊不应|喊了不答应|不答应|不应声|没应声|没人答应|没反应|不省人事|人事不省|不会动|一动不动|动不了了|到现在没动|一直没动|躺在地上|躺地上|倒在地|倒在家|倒在门口|倒在路边|起不来|爬不起来|瘫在地|摔在地|歪在|没气|没呼吸|脸发紫|嘴唇发紫|口吐白沫|浑身抽|翻白眼|说话不清|说不出话|嘴歪|胸口疼|胸口痛|胸闷|喘不上|喘不过|上不来气|烧到四十|烧得说胡话|昏昏沉沉|迷迷糊糊/, 'urgent', ['120']],
  [/被.{0,8}(跟着|跟踪|盯上|尾随)|有人跟着|一直跟|总跟着|老跟着|跟了一路|跟到家|被人跟|跟着她|跟着他|跟着我|跟着孩子|尾随|跟踪|被陌生人|陌生人.{0,6}(搭话|拉|抱|带走|给糖|接走)|被人带走|被拉上车|被抱走|拐/, 'urgent', ['110']],
  [/不见了|找不到了|找不着|走丢|走失|丢了|失联|没回来|没回家|还没回|没到家|电话(也|一直)?不接|没到学校|一夜没回|一晚上没回|整夜没回|下落不明|联系不上|打不通|没人接|关机/, 'urgent', ['110']],
  [/(好?[一几两三四五六七八九十\d]+|好些|这几|这些)天(都|也)?没(见|看|出|露|开|动|人|回|接|吃)|好几天没见|几天没见|几天没看到|几天没看见|好久没见|好些天没见|几天没出门|好几天没出门|没出过门|门一直关|一直没开门|敲门没人|敲门没应|敲门不应|敲了半天|没人开门|屋里没动静|没有动静|没动静|灯一直没|报纸.{0,4}没拿|奶.{0,3}没拿|信箱.{0,4}满|院门.{0,4}(锁着|关着).{0,6}几天/, 'urgent', ['110', '120']],
  [/锁在家|关在家|反锁|没人照看|没人管|没吃饭|饿着|几天没吃|冻着|屋里很冷|不肯去医院|不舒服|发高烧|高烧|发烧.{0,4}(几天|好几天|不退)|摔了|摔倒|跌倒|跌了一跤|摔了一跤|磕破|头晕|吐了|拉肚子.{0,4}(几天|厉害)|犯病|发病|想不开|寻死|不想活|要跳|站在.{0,4}(楼顶|河边|桥上)/, 'possible', ['120']],
];

const NEAR = 10;

/** Things that are a danger in any broken state: people fall into or through them. */
const INHERENT = new Set(['cover', 'railing', 'water', 'road', 'lift', 'slope', 'bridge', 'gas', 'wire']);

/** Finds hazards in the text (normalised: no spaces). */
export function findHazards(text: string): HazardHit[] {
  const hits: HazardHit[] = [];
  for (const rule of THINGS) {
    const re = new RegExp(rule.thing.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const from = Math.max(0, m.index - 8);
      const to = Math.min(text.length, m.index + m[0].length + NEAR);
      const window = text.slice(m.index + m[0].length, to);
      const before = text.slice(from, m.index);
      const after = rule.state.exec(window);
      const prior = after ? null : rule.state.exec(before);
      if (!after && !prior) continue;
      // "没有漏气 就是燃气灶…": a state said not to be so does not count.
      if (prior && /(没有|没|不|未)$/.test(before.slice(0, prior.index))) continue;
      const tail = text.slice(m.index, Math.min(text.length, m.index + m[0].length + 24));
      const severe = (rule.severe?.test(window) ?? false) && rule.name !== 'pipe';
      const consequence = CONSEQUENCE.test(tail);
      if (rule.name === 'pipe' && !consequence) {
        // A pipe that bursts is a water matter unless the water goes somewhere it hurts.
        if (/淹|灌|进屋|进家|屋里|床底|漫|地下室|电箱|配电|结冰|热水|烫|流到楼下|哗哗/.test(text)) hits.push({ level: 'possible', call: rule.call, start: m.index, end: to, reason: rule.name });
        continue;
      }
      const level = severe || consequence ? 'urgent' : EXPOSURE.test(text) || INHERENT.has(rule.name) ? 'possible' : null;
      if (!level) continue;
      hits.push({ level, call: rule.call, start: m.index, end: to, reason: `${rule.name}:${m[0]}` });
    }
  }
  hits.push(...findPersonHazards(text));
  return hits;
}

function findPersonHazards(text: string): HazardHit[] {
  const hits: HazardHit[] = [];
  for (const [state, level, call] of PERSON_STATE) {
    const re = new RegExp(state.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const around = text.slice(Math.max(0, m.index - 14), Math.min(text.length, m.index + m[0].length + 8));
      const person = PERSON.test(around) || /有人|一个人|那人|这人|那个人/.test(around);
      if (!person) continue;
      // "联系不上客服", "电话打不通": an unreachable office is not a missing person.
      if (/联系不上|打不通|没人接|关机|没人管|没人照看/.test(m[0]) && !PERSON.test(around)) continue;
      // A debtor or a shop that has gone is not a missing person.
      if (/不见|找不|联系不上|打不通|没人接|关机|失联/.test(m[0]) && /欠|钱|老板|定金|跑路|公司|店|包工头|工资/.test(text)) continue;
      if (/没人管|没人照看|没吃饭|冻着|屋里很冷/.test(m[0]) && !/老人|独居|孤寡|瘫|孩子|小孩|病人|残疾/.test(around)) continue;
      hits.push({ level, call, start: m.index, end: m.index + m[0].length, reason: `person:${m[0]}` });
    }
  }
  return hits;
}

/**
 * The hazard model's parts as features for the learnt danger model (issue 15): which kinds of
 * thing, thing-in-a-state, consequence, exposure, person and person-state a text holds — general
 * categories, so that the model can weigh combinations the rules do not spell out.
 */
export function hazardParts(text: string): string[] {
  const out: string[] = [];
  for (const rule of THINGS) {
    const m = rule.thing.exec(text);
    if (!m) continue;
    out.push(`h:t:${rule.name}`);
    const window = text.slice(Math.max(0, m.index - 8), m.index + m[0].length + NEAR);
    if (rule.state.test(window)) out.push(`h:ts:${rule.name}`, 'h:ts');
    if (rule.severe?.test(window)) out.push('h:severe');
  }
  if (CONSEQUENCE.test(text)) out.push('h:consequence');
  if (EXPOSURE.test(text)) out.push('h:exposure');
  if (PERSON.test(text)) out.push('h:person');
  PERSON_STATE.forEach(([state], i) => {
    if (state.test(text)) out.push(`h:ps:${i}`);
  });
  return out;
}
