/**
 * Open311 GeoReport v2 (issue 19), the pure part: minhu's categories as Open311 services (with
 * a group and Chinese names), their service definition, the open/closed status, and the public
 * view of a request — an allow-list of fields, numbers masked, nothing about the reporter.
 * Rendering (JSON, XML) and HTTP live in adapters/http/open311/.
 */
import { CATEGORY_CODES, CATEGORY_NAMES, SENSITIVE_CATEGORIES, type CategoryCode } from './categories';
import type { Area, CitizenRequest, RequestStatus } from './model';
import type { OrgTree } from './org-tree';
import { maskPersonalData } from './privacy/mask';
import { resolvePlace } from './classifier/gazetteer';

/**
 * A report from another system (a 12345 hotline, a grid platform) in fields, not words: it
 * travels on an InboundMessage of the channel `open311` and is registered as it says, without
 * the dialog's questions.
 */
export interface SystemReport {
  /** The integrating system's code (from its api_key). */
  system: string;
  /** The caller's own id of the case (dedupe: one request per system and id), or null. */
  externalId: string | null;
  /** The token handed out for this report (GET tokens/{token}). */
  token: string;
  category: CategoryCode;
  /** The place as the caller wrote it (address_string or attribute[place]). */
  place: string | null;
  /** An area code the caller named (address_id), when it is one of the org's. */
  areaCode: string | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
  /** Stored photos (`blob:<sha256>`) that came with it. */
  photos: string[];
}

/** Service groups: the `group` of each category in the service list. */
const GROUP_OF: Record<CategoryCode, string> = {
  water: '公用事业', power: '公用事业', gas: '公用事业', heating: '公用事业',
  municipal: '城乡建设', sanitation: '城乡建设', housing: '城乡建设', land: '城乡建设',
  labor: '民生保障', welfare: '民生保障', health: '民生保障', education: '民生保障',
  dispute: '平安法治', safety: '平安法治', market: '平安法治',
  integrity: '监督举报', policy: '咨询建议', suggestion: '咨询建议', other: '咨询建议',
};

/** One line per category: what it covers, for the service list's `description`. */
const DESCRIPTION_OF: Record<CategoryCode, string> = {
  water: '停水、水压低、水管破裂、水质问题', power: '停电、线路、电表、电杆问题', gas: '燃气泄漏、燃气管道、供气问题',
  heating: '暖气不热、供暖中断', municipal: '道路、路灯、井盖、排水、桥梁等市政设施', sanitation: '垃圾清运、污水、公厕、环境卫生',
  dispute: '邻里纠纷、家庭矛盾、调解', labor: '欠薪、社保、就业、工伤', welfare: '低保、特困、临时救助、残疾人帮扶',
  health: '医保、看病、卫生室、疫苗', market: '食品安全、价格、假冒伪劣', safety: '治安、诈骗、偷盗、安全隐患',
  housing: '物业、电梯、危房、租房', land: '宅基地、占地、违建、土地规划', education: '入学、学校、幼儿园、校车',
  integrity: '反映干部作风、违纪问题（不公开）', policy: '政策咨询、办事指南', suggestion: '意见和建议', other: '其他事项',
};

/** A service of the service list (GET services). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** The services: every category; a sensitive one says `private` (FixMyStreet marks such categories non-public). */
export function open311Services(): Open311Service[] {
  return CATEGORY_CODES.map((code) => ({
    service_code: code,
    service_name: CATEGORY_NAMES[code].zh,
    description: DESCRIPTION_OF[code],
    metadata: true,
    type: 'realtime' as const,
    keywords: [CATEGORY_NAMES[code].zh, CATEGORY_NAMES[code].en, ...(SENSITIVE_CATEGORIES.has(code) ? ['private'] : [])].join(','),
    group: GROUP_OF[code],
  }));
}

/** An attribute of a service definition. */
export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'text';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
}

/** The attributes every service takes: the place, a photo, and the caller's own case id. */
export const OPEN311_ATTRIBUTES: readonly Open311Attribute[] = [
  { variable: true, code: 'place', datatype: 'string', required: false, datatype_description: '村（社区）、组、门牌或路名，最多200字', order: 1, description: '地点，如 王家村3组12号门口；不填时用 address_string' },
  { variable: true, code: 'photo', datatype: 'text', required: false, datatype_description: 'data:image/jpeg;base64,… 或 data:image/png;base64,…', order: 2, description: '照片（JPEG、PNG、GIF、WebP），也可放在 media_url' },
  { variable: true, code: 'external_id', datatype: 'string', required: false, datatype_description: '字母、数字和 - _ . :，最多64个字符', order: 3, description: '来电系统自己的工单编号：同一编号只登记一次' },
];

/** The status in Open311's two words: open (being handled), closed (resolved, rated, refused, withdrawn or merged). */
export function open311Status(status: RequestStatus): 'open' | 'closed' {
  return status === 'submitted' || status === 'claimed' || status === 'answered' ? 'open' : 'closed';
}

/** True when a request may be shown to anyone at all: never a sensitive one. */
export function isPublic(request: Pick<CitizenRequest, 'sensitive' | 'category'>): boolean {
  return !request.sensitive && !SENSITIVE_CATEGORIES.has(request.category);
}

/** A request as Open311 shows it to the public. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

/** What the public view needs besides the request: names and times, already in words. */
export interface PublicContext {
  statusName: string;
  agency: string;
  /** The offset of APP_TIMEZONE for w3 datetimes, e.g. `+08:00`. */
  formatTime: (ms: number) => string;
}

/** The first `geo:` attachment of a request, as numbers. */
export function locationOf(photos: readonly string[]): { lat: number; lng: number } | null {
  for (const ref of photos) {
    const m = /^geo:(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(ref);
    if (m && Math.abs(Number(m[1])) <= 90 && Math.abs(Number(m[2])) <= 180) return { lat: Number(m[1]), lng: Number(m[2]) };
  }
  return null;
}

/** When a request last changed: the latest of its step times. */
export function updatedAt(r: Pick<CitizenRequest, 'createdAt' | 'queueEnteredAt' | 'claimedAt' | 'answeredAt' | 'resolvedAt' | 'closedAt'>): number {
  return Math.max(r.createdAt, r.queueEnteredAt, r.claimedAt ?? 0, r.answeredAt ?? 0, r.resolvedAt ?? 0, r.closedAt ?? 0);
}

/**
 * The public view (allow-list): no reporter, no phone, no photos (they may show people and
 * homes); the description and place with personal numbers masked. Callers must have checked
 * `isPublic` first.
 */
export function toOpen311Request(r: CitizenRequest, ctx: PublicContext): Open311Request {
  const geo = locationOf(r.photos);
  const closed = open311Status(r.status) === 'closed';
  return {
    service_request_id: String(r.id),
    status: open311Status(r.status),
    status_notes: ctx.statusName,
    service_name: CATEGORY_NAMES[r.category].zh,
    service_code: r.category,
    description: maskPersonalData(r.detail),
    agency_responsible: ctx.agency,
    service_notice: null,
    requested_datetime: ctx.formatTime(r.createdAt),
    updated_datetime: ctx.formatTime(updatedAt(r)),
    expected_datetime: closed ? null : ctx.formatTime(r.resolveDueAt),
    address: r.place ? maskPersonalData(r.place) : null,
    address_id: r.placeArea ?? r.areaCode,
    zipcode: null,
    lat: geo?.lat ?? null,
    long: geo?.lng ?? null,
    media_url: null,
  };
}

/** Formats epoch ms as a w3 datetime in a fixed offset (`2026-10-05T08:15:30+08:00`). */
export function w3Time(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Parses a w3 datetime as the spec requires it (`2010-01-01T00:00:00Z`, an offset, or a date
 * alone taken as UTC midnight); null for anything else, including impossible dates.
 */
export function parseW3Time(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  if (!Number.isFinite(ms)) return null;
  // Date.parse rolls 2026-02-31 over to March: refuse dates that do not exist.
  const back = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return ms;
}

const SUFFIX = /(县|街道|镇|乡|社区|村|网格)$/;

/** True when the text names the area (its name, an alias, or the name without 村/镇/街道 …). */
function names(text: string, a: Area): boolean {
  return [a.name, ...(a.aliases ?? []), a.name.replace(SUFFIX, '')].some((n) => n.length >= 2 && text.includes(n));
}

/**
 * The area a place written by another system lies in, anywhere in the county: a named village
 * (and the grid inside it, by its short form `3组`), else a named township; null when it names
 * neither. A system has no home grid, so short forms alone (`3组`) resolve to nothing.
 */
export function areaOfPlace(place: string | null, tree: OrgTree): Area | null {
  if (!place) return null;
  const longestFirst = (a: Area, b: Area) => b.name.length - a.name.length;
  const all = tree.all();
  for (const village of all.filter((a) => a.level === 'village' && names(place, a)).sort(longestFirst)) {
    const grid = all.find((a) => a.parent === village.code && a.level === 'grid');
    const found = grid ? resolvePlace(place, grid.code, tree) : null;
    return found && tree.isWithin(found.code, village.code) ? found : village;
  }
  return all.filter((a) => a.level === 'township' && names(place, a)).sort(longestFirst)[0] ?? null;
}
