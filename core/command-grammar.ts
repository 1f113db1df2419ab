/**
 * The command grammar: Chinese words and /slash forms for every chat command.
 * `认领 12`, `认领１２`, `认领:#12`, `/claim 12`, `/claim@minhu_bot 12` all parse the same.
 */
import type { Rating } from './model';
import { normalizeText } from './text-tools';

/** A parsed command. `rateBare` is a lone `1`/`满意` that may answer a rating prompt. */
export type Command =
  | { type: 'new'; text: string }
  | { type: 'claim'; id: number }
  | { type: 'reply'; id: number; text: string }
  | { type: 'resolve'; id: number; text: string }
  | { type: 'reject'; id: number; text: string }
  | { type: 'show'; id: number }
  | { type: 'withdraw'; id: number }
  | { type: 'rate'; id: number; rating: Rating }
  | { type: 'rateBare'; rating: Rating }
  | { type: 'list'; filter: string }
  | { type: 'report'; month: string }
  | { type: 'notice'; text: string }
  | { type: 'noticeConfirm'; id: number }
  | { type: 'noticeRecall'; id: number }
  | { type: 'noticeStatus'; id: number }
  | { type: 'ack'; id: number }
  | { type: 'ackBare' }
  | { type: 'escalate'; id: number; text: string }
  | { type: 'dispatch'; id: number; text: string }
  | { type: 'transfer'; id: number; text: string }
  | { type: 'return'; id: number; text: string }
  | { type: 'whistle'; id: number; text: string }
  | { type: 'reportIn'; id: number; text: string }
  | { type: 'keyCase'; id: number; text: string }
  | { type: 'merge'; id: number; into: number }
  // issue 15: staff corrections
  | { type: 'recategorize'; id: number; text: string }
  | { type: 'raise'; id: number }
  | { type: 'my' }
  | { type: 'cancel' }
  | { type: 'help' }
  | { type: 'console' }
  /** `staff` (issue 14): `/bind 网格编号 staff` binds a unit's working group. */
  | { type: 'bind'; areaCode: string; staff?: boolean }
  /** issue 13: `补充 N` (+ a photo) adds material to request N. */
  | { type: 'attach'; id: number; text: string }
  // issue 14: households chase (催办) and follow (关注 / 取消关注); staff list their canned replies (常用语)
  | { type: 'chase'; id: number }
  | { type: 'follow'; id: number }
  | { type: 'unfollow'; id: number }
  | { type: 'replies' }
  /** issue 12: `代报 王阿姨 13812345678 3组12号 路灯坏了` — staff register for a household. */
  | { type: 'registerFor'; text: string }
  // issue 17: a private answer to the household (its private route), and a note only staff see
  | { type: 'privateReply'; id: number; text: string }
  | { type: 'note'; id: number; text: string }

  | PetitionCommand;

/** Issue 18 — 信访 commands (bots/petitions). */
export type PetitionCommand =
  | { type: 'petitionConvert'; id: number; text: string }
  | { type: 'petitionAccept'; id: number }
  | { type: 'petitionExtend'; id: number; text: string }
  | { type: 'petitionAnswer'; id: number; text: string }
  | { type: 'petitionRequestReview'; id: number; text: string }
  | { type: 'petitionRequestRecheck'; id: number; text: string }
  | { type: 'petitionReview'; id: number; text: string }
  | { type: 'petitionRecheck'; id: number; text: string }
  | { type: 'petitionResolve'; id: number; text: string }
  | { type: 'petitionCease'; id: number; text: string }
  | { type: 'petitionDocuments'; id: number }
  | { type: 'backlogList'; id: number }
  | { type: 'backlog'; id: number; text: string }
  | { type: 'backlogSupervise'; id: number; text: string }
  | { type: 'book'; filter: string }
  | { type: 'cancelBooking' }
  | { type: 'receptionList'; filter: string }
  | { type: 'visit'; kind: 'reception' | 'down' | 'return'; text: string }
  | { type: 'mediate'; id: number; text: string }
  | { type: 'mediationOutcome'; id: number; text: string }
  | { type: 'petitionReport'; filter: string };

/** The types of the 信访 commands. */
export const PETITION_COMMAND_TYPES: ReadonlySet<string> = new Set(['petitionConvert', 'petitionAccept', 'petitionExtend', 'petitionAnswer', 'petitionRequestReview', 'petitionRequestRecheck', 'petitionReview', 'petitionRecheck', 'petitionResolve', 'petitionCease', 'petitionDocuments', 'backlogList', 'backlog', 'backlogSupervise', 'book', 'cancelBooking', 'receptionList', 'visit', 'mediate', 'mediationOutcome', 'petitionReport']);

/** Why a command could not be parsed; `example` shows the right form. */
export interface CommandError {
  code: 'COMMAND.MISSING_NUMBER' | 'COMMAND.MISSING_TEXT' | 'COMMAND.BAD_RATING' | 'COMMAND.BAD_NUMBER';
  /** The right form; for BAD_NUMBER the number as written (too long to be any request's). */
  example: string;
}

export type ParsedCommand = { ok: true; command: Command } | { ok: false; error: CommandError } | null;

type Shape = 'none' | 'id' | 'idText' | 'idOptText' | 'idId' | 'idRating' | 'text' | 'sepText' | 'optText' | 'code' | 'freeText';
interface Verb {
  words: readonly string[];
  slash: string;
  shape: Shape;
  example: string;
}

/** Chinese words first (longest first within a verb), then the slash form. */
const VERBS: Record<Exclude<Command['type'], 'rateBare' | 'ack' | 'ackBare' | 'visit'>, Verb> & Record<'visitReception' | 'visitDown' | 'visitReturn', Verb> = {
  new: { words: ['报事', '报修', '求助', '反映', '投诉'], slash: 'new', shape: 'text', example: '报事 3组路灯坏了' },
  noticeStatus: { words: ['通知状态'], slash: 'notice_status', shape: 'id', example: '通知状态 3' },
  noticeRecall: { words: ['撤回通知', '取消通知'], slash: 'notice_cancel', shape: 'id', example: '撤回通知 3' },
  noticeConfirm: { words: ['确认'], slash: 'confirm', shape: 'id', example: '确认 3' },
  notice: { words: ['通知'], slash: 'notice', shape: 'sepText', example: '通知 全县 明天上午停水 需回执' },
  claim: { words: ['认领'], slash: 'claim', shape: 'id', example: '认领 12' },
  reply: { words: ['答复'], slash: 'reply', shape: 'idText', example: '答复 12 已联系电工，明天上午维修' },
  resolve: { words: ['办结'], slash: 'resolve', shape: 'idText', example: '办结 12 路灯已修好' },
  reject: { words: ['不予受理'], slash: 'reject', shape: 'idText', example: '不予受理 12 属于法院审理事项' },
  show: { words: ['查看', '详情'], slash: 'show', shape: 'id', example: '查看 12' },
  withdraw: { words: ['撤回'], slash: 'withdraw', shape: 'id', example: '撤回 12' },
  rate: { words: ['评价'], slash: 'rate', shape: 'idRating', example: '评价 12 满意' },
  list: { words: ['待办'], slash: 'list', shape: 'optText', example: '待办 待认领' },
  report: { words: ['报表', '月报'], slash: 'report', shape: 'optText', example: '报表 2026-10' },
  escalate: { words: ['上报'], slash: 'escalate', shape: 'idText', example: '上报 12 需要街道协调施工队' },
  dispatch: { words: ['派单'], slash: 'dispatch', shape: 'idText', example: '派单 12 住建局' },
  transfer: { words: ['转办'], slash: 'transfer', shape: 'idText', example: '转办 12 人社局 属于欠薪问题' },
  return: { words: ['退回'], slash: 'return', shape: 'idText', example: '退回 12 不属于本部门职责' },
  whistle: { words: ['吹哨'], slash: 'whistle', shape: 'idText', example: '吹哨 12 住建局 市场监管局 卫健局' },
  reportIn: { words: ['报到'], slash: 'report_in', shape: 'idOptText', example: '报到 12 已安排人员到场' },
  keyCase: { words: ['包案'], slash: 'keycase', shape: 'idText', example: '包案 12 孙指挥' },
  merge: { words: ['合并'], slash: 'merge', shape: 'idId', example: '合并 12 8' },
  // issue 15: staff corrections — the category by Chinese name or code; raise to urgent.
  recategorize: { words: ['改类', '改分类'], slash: 'recategorize', shape: 'idText', example: '改类 12 供水' },
  raise: { words: ['加急'], slash: 'urgent', shape: 'id', example: '加急 12' },
  my: { words: ['进度', '我的诉求'], slash: 'my', shape: 'none', example: '进度' },
  cancel: { words: ['取消'], slash: 'cancel', shape: 'none', example: '取消' },
  help: { words: ['帮助', '菜单', '/start'], slash: 'help', shape: 'none', example: '帮助' },
  bind: { words: ['绑定'], slash: 'bind', shape: 'code', example: '/bind 53032201' },
  console: { words: ['工作台'], slash: 'console', shape: 'none', example: '工作台' },
  attach: { words: ['补充'], slash: 'attach', shape: 'idOptText', example: '补充 12（附照片）' }, // issue 13
  // issue 14
  chase: { words: ['催办', '催一下'], slash: 'chase', shape: 'id', example: '催办 12' },
  unfollow: { words: ['取消关注', '不再关注'], slash: 'unfollow', shape: 'id', example: '取消关注 12' },
  follow: { words: ['关注'], slash: 'follow', shape: 'id', example: '关注 12' },
  replies: { words: ['常用语'], slash: 'replies', shape: 'none', example: '常用语' },
  registerFor: { words: ['代报', '代登记'], slash: 'register_for', shape: 'freeText', example: '代报 王阿姨 13812345678 3组12号 路灯坏了' }, // issue 12
  privateReply: { words: ['私信'], slash: 'dm', shape: 'idText', example: '私信 12 您好，明天上午电工上门' }, // issue 17
  note: { words: ['备注'], slash: 'note', shape: 'idText', example: '备注 12 已电话联系，户主白天不在家' }, // issue 17
  // issue 18: 信访 — the statutory track, documents, backlog cases, reception days, visits, mediation
  petitionConvert: { words: ['转信访'], slash: 'petition', shape: 'idOptText', example: '转信访 12 来访 6人' },
  petitionAccept: { words: ['受理'], slash: 'accept', shape: 'id', example: '受理 12' },
  petitionExtend: { words: ['延期'], slash: 'extend', shape: 'idText', example: '延期 12 30 需要多个部门现场核实' },
  petitionAnswer: { words: ['处理意见'], slash: 'opinion', shape: 'idText', example: '处理意见 12 经核实，拖欠工资已责令企业于本月底前付清' },
  petitionRequestReview: { words: ['申请复查', '请求复查'], slash: 'ask_review', shape: 'idOptText', example: '申请复查 12' },
  petitionRequestRecheck: { words: ['申请复核', '请求复核'], slash: 'ask_recheck', shape: 'idOptText', example: '申请复核 12' },
  petitionReview: { words: ['复查意见'], slash: 'review', shape: 'idText', example: '复查意见 12 维持原处理意见' },
  petitionRecheck: { words: ['复核意见'], slash: 'recheck', shape: 'idText', example: '复核意见 12 维持复查意见' },
  petitionResolve: { words: ['化解'], slash: 'settle', shape: 'idOptText', example: '化解 12 双方签订协议，补发工资8000元' },
  petitionCease: { words: ['息访'], slash: 'cease', shape: 'idText', example: '息访 12 信访人表示不再反映' },
  petitionDocuments: { words: ['文书'], slash: 'documents', shape: 'id', example: '文书 12' },
  backlogList: { words: ['列为积案'], slash: 'backlog_list', shape: 'id', example: '列为积案 12' },
  backlog: { words: ['积案'], slash: 'backlog', shape: 'idOptText', example: '积案 12 包案 李县长' },
  backlogSupervise: { words: ['挂牌督办'], slash: 'supervise', shape: 'idText', example: '挂牌督办 12 60' },
  book: { words: ['预约接访'], slash: 'book', shape: 'optText', example: '预约接访 1' },
  cancelBooking: { words: ['取消预约'], slash: 'cancel_booking', shape: 'none', example: '取消预约' },
  receptionList: { words: ['接访名单'], slash: 'receptions', shape: 'optText', example: '接访名单' },
  visitReception: { words: ['接访记录'], slash: 'visit', shape: 'text', example: '接访记录 B3 反映工资被拖欠 结果：已联系人社局 新建' },
  visitDown: { words: ['下访记录'], slash: 'visit_down', shape: 'text', example: '下访记录 王大爷 反映路灯不亮 结果：已安排维修 诉求 12' },
  visitReturn: { words: ['回访记录'], slash: 'visit_return', shape: 'text', example: '回访记录 王大爷 回访处理结果 结果：表示满意 诉求 12' },
  mediate: { words: ['调解'], slash: 'mediate', shape: 'idText', example: '调解 12 王家村睦邻调解室' },
  mediationOutcome: { words: ['调解结果'], slash: 'mediation', shape: 'idText', example: '调解结果 12 现场化解 双方同意以界桩为界' },
  petitionReport: { words: ['信访报表'], slash: 'petition_report', shape: 'optText', example: '信访报表 2026-10' },
};

const VISIT_KINDS = { visitReception: 'reception', visitDown: 'down', visitReturn: 'return' } as const;

const RATING_WORDS: ReadonlyArray<[string, Rating]> = [
  ['基本满意', 'basic'], ['不满意', 'unsatisfied'], ['满意', 'satisfied'], ['1', 'satisfied'], ['2', 'basic'], ['3', 'unsatisfied'],
];

/** Reads a rating word or digit (`满意`, `2`, `不满意`), or null. */
export function parseRating(text: string): Rating | null {
  const word = normalizeText(text).replace(/[。.!！]+$/, '');
  for (const [w, rating] of RATING_WORDS) if (word === w) return rating;
  return null;
}

const SEPARATORS = /^[\s:：,，、#]*/;

/** Longer numbers are not exact as JavaScript numbers; no request has one. */
const MAX_ID_DIGITS = 15;

/**
 * Parses a chat message as a command. Returns null when the message is not a command
 * (ordinary chatter or dialog input), and an error when it is a command in a wrong form.
 */
export function parseCommand(raw: string): ParsedCommand {
  const text = normalizeText(raw);
  const bare = parseRating(text);
  if (bare) return { ok: true, command: { type: 'rateBare', rating: bare } };
  if (/^(已?收到了?|收到!|收到！|收到。)$/.test(text)) return { ok: true, command: { type: 'ackBare' } };
  for (const [type, verb] of Object.entries(VERBS) as [keyof typeof VERBS, Verb][]) {
    const rest = matchVerb(text, verb);
    if (rest === null) continue;
    return parseArgs(type, verb, rest.replace(SEPARATORS, ''));
  }
  return null;
}

function matchVerb(text: string, verb: Verb): string | null {
  const slash = new RegExp(`^/${verb.slash}(?:@\\w+)?(?=$|[\\s:：,，#])`, 'i').exec(text);
  if (slash) return text.slice(slash[0].length);
  for (const word of verb.words) {
    if (!text.startsWith(word)) continue;
    const rest = text.slice(word.length);
    // `报事` takes free text right after the word; id commands need a separator or a digit next.
    // `通知大家…` is chatter; `通知 全县 …` a notice: a sepText verb needs a separator.
    if (verb.shape === 'sepText' && rest !== '' && !/^[\s:：]/.test(rest)) continue;
    if (verb.shape === 'text' || verb.shape === 'freeText' || verb.shape === 'sepText' || verb.shape === 'none' || verb.shape === 'optText' ? true : rest === '' || /^[\s:：,，#\d]/.test(rest)) {
      if (verb.shape === 'none' && rest.trim() !== '') return null;
      // `待办事项太多了` is chatter, `待办 待认领` a filter: the filter must be set apart.
      if (verb.shape === 'optText' && rest !== '' && !/^[\s:：,，]/.test(rest)) return null;
      return rest;
    }
  }
  return null;
}

function parseArgs(type: keyof typeof VERBS, verb: Verb, rest: string): ParsedCommand {
  const missing = (code: CommandError['code']): ParsedCommand => ({ ok: false, error: { code, example: verb.example } });
  switch (verb.shape) {
    case 'none':
      return { ok: true, command: { type } as Command };
    case 'text':
      if (type in VISIT_KINDS) return rest.trim() ? { ok: true, command: { type: 'visit', kind: VISIT_KINDS[type as keyof typeof VISIT_KINDS], text: rest.trim() } } : missing('COMMAND.MISSING_TEXT');
      return { ok: true, command: { type: 'new', text: rest.trim() } };
    case 'freeText':
      return { ok: true, command: { type: 'registerFor', text: rest.trim() } };
    case 'sepText':
      return rest.trim() ? { ok: true, command: { type: 'notice', text: rest.trim() } } : missing('COMMAND.MISSING_TEXT');
    case 'optText':
      if (type === 'book' || type === 'receptionList' || type === 'petitionReport') return { ok: true, command: { type, filter: rest.trim() } };
      return { ok: true, command: type === 'report' ? { type: 'report', month: rest.trim() } : { type: 'list', filter: rest.trim() } };
    case 'code': {
      const [code, role] = rest.trim().split(/\s+/);
      const staff = /^(staff|工作群|员工群)$/i.test(role ?? '');
      return code ? { ok: true, command: { type: 'bind', areaCode: code, ...(staff ? { staff } : {}) } } : missing('COMMAND.MISSING_TEXT');
    }
  }
  // The whole number, never a prefix of it: `认领 99999999999` must not claim #999999999.
  const m = /^(\d+)(?:[\s:：,，、]*)([\s\S]*)$/.exec(rest);
  if (!m) return missing('COMMAND.MISSING_NUMBER');
  if (m[1].length > MAX_ID_DIGITS) return { ok: false, error: { code: 'COMMAND.BAD_NUMBER', example: m[1].slice(0, 40) } };
  const id = Number(m[1]);
  const tail = m[2].trim();
  if (verb.shape === 'id') return { ok: true, command: { type, id } as Command };
  if (verb.shape === 'idOptText') return { ok: true, command: { type, id, text: tail } as Command };
  if (verb.shape === 'idId') {
    const into = /^#?(\d+)$/.exec(tail);
    if (into && into[1].length > MAX_ID_DIGITS) return { ok: false, error: { code: 'COMMAND.BAD_NUMBER', example: into[1].slice(0, 40) } };
    return into ? { ok: true, command: { type: 'merge', id, into: Number(into[1]) } } : missing('COMMAND.MISSING_NUMBER');
  }
  if (verb.shape === 'idRating') {
    const rating = parseRating(tail);
    return rating ? { ok: true, command: { type: 'rate', id, rating } } : missing('COMMAND.BAD_RATING');
  }
  if (!tail) return missing('COMMAND.MISSING_TEXT');
  return { ok: true, command: { type, id, text: tail } as Command };
}
