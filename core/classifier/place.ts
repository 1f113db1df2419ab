/**
 * Place mentions in what households write, without a word segmenter: a place is a run of
 * adjacent place tokens — numbered units (`3组`, `2栋1单元`, `12号`, `15号楼`), named areas and
 * roads (`幸福小区`, `王家村`, `建设路`), names the org knows (`城关`, `南街`), a household after a
 * group (`3组王家`), landmarks (`村口`, `桥头`, `菜市场门口`) and a position word that follows a
 * token (`门口`, `旁边`, `北门`). Rules, in test/data/README.md, are measured by `npm run eval`.
 */

const NUM = '[0-9一二三四五六七八九十两]+';
/** Characters that never belong to a place name: function words and the verbs around places. */
const STOP = '在把到的了有我们你他她这那是个些啥吗呢吧啊呀哪怎么什又都也就还要能会没不很太好上下去来给被和与跟从走修挖跑开过堵占通撒倒扔堆停炸挡住送一条段根座';
/** Words that come before a place and are never part of it. */
const LEADS = '希望|建议|提议|举报|冒充|反映|投诉|报事|报修|请问|麻烦|能否|要是|听说|发现';
const LEAD = new RegExp(`^(?:${LEADS})`);
const LEAD_INSIDE = new RegExp(LEADS);
const NAME = `[^${STOP}\\s0-9A-Za-z\\p{P}\\p{S}]`;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const FACILITY = '村委会|菜市场|菜场|卫生服务站|卫生院|卫生室|小学|中学|幼儿园|学校|政务中心|政府|派出所|超市|小区';
/** Facilities that make a place with a name before them: 中心小学, 县医院, 人民广场. */
const NAMED_FACILITY = '医院|卫生院|广场|公园|市场|政府|派出所|小学|中学|幼儿园|汽车站|车站';
const POSITION = '门口|门前|旁边|后面|前面|对面|下面|附近|边上|北门|南门|东门|西门|路口';

const UNIT = new RegExp(`^(?:${NUM}(?:组|栋|幢|号楼|单元|号|室|队)|(?:村口|村头|桥头|东头|西头|南头|北头|校门口))`, 'u');
// 路 makes a road only as the end of a name: 路灯, 路面, 路边, 路基 … are things on a road (issue 15).
const ROAD_END = '路(?![灯面基况牌标费])';
const NAMED = new RegExp(`^(?:${NAME}{2,4}?(?:村|社区|小区|大桥|街道|镇|路口|${ROAD_END}|街|巷)|${NAME}{2,3}?(?:${NAMED_FACILITY})|[县镇乡](?:${NAMED_FACILITY}))`, 'u');
const ROOM = /^[0-9]{3,4}(?:室)?/;
const DATE_AFTER = /^(?:停|开始|前|之前|以后|后|到|起|上午|下午|晚上|早上)/;
const HOUSEHOLD = new RegExp(`^老?[${SURNAMES}]家`, 'u');
const FACILITY_AFTER = new RegExp(`^(?:${FACILITY})`, 'u');
const POSITION_AFTER = new RegExp(`^(?:${POSITION})`, 'u');
const FACILITY_POSITION = new RegExp(`^(?:${FACILITY})(?:${POSITION})`, 'u');
const JOIN = /^[和与]/;
const POSITION_NAMED = new RegExp(`^(?:${POSITION}|路口|路边|马路|大路|小路|村口|村头|桥头|东头|西头|南头|北头)(?:路口|路|街|巷)$`, 'u');
const NAME_CHAR = new RegExp(`^${NAME}$`, 'u');

/** The org's names, indexed once per list: a set and the distinct lengths, longest first. */
interface NameIndex {
  set: ReadonlySet<string>;
  lengths: number[];
}
const INDEXES = new WeakMap<readonly string[], NameIndex>();
function indexNames(names: readonly string[]): NameIndex {
  let index = INDEXES.get(names);
  if (!index) {
    index = { set: new Set(names), lengths: [...new Set(names.map((n) => n.length))].sort((a, b) => b - a) };
    INDEXES.set(names, index);
  }
  return index;
}

/** The longest known name that `rest` starts with: a few set lookups, whatever the county's size. */
function knownAt(rest: string, index: NameIndex): string | undefined {
  for (const length of index.lengths) if (length <= rest.length && index.set.has(rest.slice(0, length))) return rest.slice(0, length);
  return undefined;
}

/** The token that starts at `i`, or null. `names` are the org's area names and short forms. */
function tokenAt(text: string, i: number, names: NameIndex, afterUnit: boolean): string | null {
  const rest = text.slice(i);
  if (/^[0-9]/.test(rest) && i > 0 && /[0-9]/.test(text[i - 1])) return null;
  const day = /^[0-9一二三四五六七八九十两]+号/.exec(rest);
  if (day && (/月$/.test(text.slice(0, i)) || DATE_AFTER.test(rest.slice(day[0].length)))) return null; // 9月3号, 3号停电: dates
  const known = knownAt(rest, names);
  const named = NAMED.exec(rest)?.[0];
    // A position word is not a name: 门口路, 旁边街 are the position and the start of another word.
  const nameless = named && POSITION_NAMED.test(named);
  const candidates = [UNIT.exec(rest)?.[0], named && !LEAD_INSIDE.test(named) && !nameless ? named : undefined, known, FACILITY_POSITION.exec(rest)?.[0]];
  if (afterUnit) candidates.push(ROOM.exec(rest)?.[0], HOUSEHOLD.exec(rest)?.[0], FACILITY_AFTER.exec(rest)?.[0], POSITION_AFTER.exec(rest)?.[0]);
  const best = candidates.filter((c): c is string => !!c).sort((a, b) => b.length - a.length)[0];
  return best ?? null;
}

/** Every place phrase in the text, in order. */
export function placePhrases(text: string, orgNames: readonly string[] = []): string[] {
  const names = indexNames(orgNames);
  const out: string[] = [];
  let i = 0;
  let afterLead = false;
  while (i < text.length) {
    const lead = LEAD.exec(text.slice(i));
    if (lead) {
      i += lead[0].length;
      afterLead = true;
      continue;
    }
    const midWord = i > 0 && !afterLead;
    afterLead = false;
    // A named token does not start inside a run of name characters (板跑路 is not a road).
    const first = midWord && NAME_CHAR.test(text[i - 1]) && NAMED.test(text.slice(i)) ? null : tokenAt(text, i, names, false);
    if (!first) {
      i++;
      continue;
    }
    let end = i + first.length;
    for (;;) {
      const next = tokenAt(text, end, names, true);
      if (next) {
        end += next.length;
        continue;
      }
      const joined = JOIN.test(text.slice(end)) ? tokenAt(text, end + 1, names, false) : null;
      if (joined && NAMED.test(text.slice(end + 1))) {
        end += 1 + joined.length;
        continue;
      }
      break;
    }
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** The most specific place mention (the longest phrase), or null when the text names none. */
export function extractPlace(text: string, names: readonly string[] = []): string | null {
  return placePhrases(text, names).sort((a, b) => b.length - a.length)[0] ?? null;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Chinese numerals before a unit as digits: 二组 → 2组, 十二栋 → 12栋. */
export function digitsInPlace(place: string): string {
  return place.replace(/([一二两三四五六七八九十]+)(?=组|栋|幢|号|单元|队)/g, (n) => {
    if (n.length === 1) return String(DIGITS[n]);
    const [a, b] = [...n];
    if (n.length === 2 && a === '十') return String(10 + DIGITS[b]);
    if (n.length === 2 && b === '十') return String(DIGITS[a] * 10);
    if (n.length === 3 && n[1] === '十') return String(DIGITS[a] * 10 + DIGITS[n[2]]);
    return n;
  });
}
