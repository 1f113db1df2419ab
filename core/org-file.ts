/**
 * The org file: the county's area tree, departments, staff and chat bindings, validated with
 * zod and then for references (parents, areas, departments), so a mistake is reported with
 * the path of the bad field instead of surfacing later as a wrong route.
 */
import { z } from 'zod';
import { CATEGORY_CODES } from './categories';
import { AREA_LEVELS, ROLES } from './model';
import type { SlaLimits, SlaPolicy } from './sla-policy';
import { DEFAULT_PETITION_SETTINGS, petitionSettingsSchema, receptionRotaSchema } from './petitions/settings';

const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'use letters, digits, - or _ (at most 32)');

const areaSchema = z.object({
  code,
  name: z.string().min(1),
  level: z.enum(AREA_LEVELS),
  parent: code.nullable().optional().transform((v) => v ?? null),
  aliases: z.array(z.string()).optional().default([]),
  /** Issue 12: households of the area (a grid's, usually), the denominator of 进群率 (coverage). */
  households: z.number().int().min(0).optional(),
  /** Issue 18: a 专属网格 of a school, a company or an institution (机关、企事业单位、学校). */
  dedicated: z.enum(['school', 'company', 'institution']).optional(),
  /** Issue 13: the centre point of a grid (degrees, both or neither): a location sent without a place goes to the nearest grid. */
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});

const departmentSchema = z.object({
  code, name: z.string().min(1), categories: z.array(z.enum(CATEGORY_CODES)).default([]),
  /** Issue 18: `mediation` for a mediation committee (睦邻调解室, 人民调解委员会): its staff are the mediators. (default: department) */
  kind: z.enum(['department', 'mediation']).optional(),
  /** Issue 18: the area a mediation committee serves (a village's 睦邻调解室). */
  area: code.optional(),
});

/** One staff member (also one row of a staff CSV). */
export const staffSchema = z.object({
  name: z.string().min(1),
  role: z.enum(ROLES).exclude(['household']),
  area: code.optional(),
  department: code.optional(),
  telegram: z.union([z.string(), z.number()]).transform(String).optional(),
  wecom: z.string().optional(),
  /** The web channel (playground, console actions): the person's id there. */
  web: z.string().optional(),
  phone: z.string().optional(),
  /** May read sensitive requests (integrity complaints …) raised in their area — leaders named for it (issue 11.8). */
  sensitiveReader: z.boolean().optional(),
  /** Issue 18: the title the seeds use (网格长, 片长, 网格员, 包案领导 …), shown beside the name; the role decides permissions. */
  title: z.string().max(20).optional(),
});

const chatSchema = z.object({
  channel: z.enum(['telegram', 'wecom', 'web']),
  id: z.union([z.string(), z.number()]).transform(String),
  area: code.optional(),
  department: code.optional(),
  title: z.string().optional(),
  /** WeCom: how later messages reach the group (robot webhook, long connection, or appchat). */
  mode: z.enum(['webhook', 'websocket', 'appchat']).optional(),
  /** Offer to register group messages that read like requests (default false). */
  passive: z.boolean().optional(),
  /** WeCom: the group robot's webhook key (the `key=` of its webhook URL). */
  webhookKey: z.string().min(1).optional(),
  /**
   * issue 14: `staff` marks a unit's working group (reminders, alerts and new work go there, never
   * to households); `household` a group of households. (default: household for grids and villages,
   * staff for townships, the county and departments)
   */
  role: z.enum(['household', 'staff']).optional(),
  /**
   * Issue 12, WeCom: a customer group (客户群) whose households are WeChat users. The robot posts plain
   * text there (what WeChat shows) and names households instead of @-mentioning them.
   */
  customerGroup: z.boolean().optional(),
});

const routingSchema = z.object({
  category: z.enum(CATEGORY_CODES),
  to: z.string().regex(/^(supervisor|township|county|department:[A-Za-z0-9_-]+)$/, 'use supervisor, township, county or department:<code>'),
  notifyGrid: z.boolean().default(false),
});

const hours = z.number().positive();
const limitsSchema = z.object({ claimHours: hours, answerHours: hours, resolveHours: hours });

const slaSchema = z.object({
  default: limitsSchema.default({ claimHours: 24, answerHours: 72, resolveHours: 168 }),
  urgent: limitsSchema.default({ claimHours: 1, answerHours: 4, resolveHours: 24 }),
  categories: z.partialRecord(z.enum(CATEGORY_CODES), limitsSchema).default({}),
  // issue 14: the rating window and the optional automatic escalation.
  /** Days after 办结 until an unrated request is closed as unrated. (default: 7) */
  ratingDays: z.number().positive().default(7),
  /** Days after 办结 when the household is reminded once to rate. (default: 3) */
  ratingReminderDays: z.number().positive().default(3),
  /** Breach reminders after which an area queue's request moves up one level by itself; null: never. (default: null) */
  autoEscalateAfter: z.number().int().positive().nullable().default(null),
});

export const orgFileSchema = z.object({
  county: z.string().min(1).optional(),
  areas: z.array(areaSchema).min(1),
  departments: z.array(departmentSchema).default([]),
  staff: z.array(staffSchema).default([]),
  chats: z.array(chatSchema).default([]),
  /** Categories that skip the grid queue (e.g. integrity → supervisor). */
  routing: z.array(routingSchema).default([]),
  /** Time limits in hours: default 24 / 72 / 168, urgent 1 / 4 / 24, and per category. */
  sla: slaSchema.default({ default: { claimHours: 24, answerHours: 72, resolveHours: 168 }, urgent: { claimHours: 1, answerHours: 4, resolveHours: 24 }, categories: {}, ratingDays: 7, ratingReminderDays: 3, autoEscalateAfter: null }),
  /**
   * issue 14: whether a village is a step of 上报 (grid → village → township → county). `auto`: a
   * village is a step when someone works there (staff whose area is the village, e.g. its 网格长).
   * (default: auto)
   */
  escalation: z.object({ village: z.enum(['auto', 'always', 'never']).default('auto') }).default({ village: 'auto' }),
  /** issue 14: 常用语 — canned replies of a unit (an area or department code), numbered in order. */
  replies: z.array(z.object({
    unit: code,
    text: z.string().min(1).max(500),
    category: z.enum(CATEGORY_CODES).optional(),
    use: z.enum(['reply', 'resolve']).optional(),
  })).default([]),
  /** Issue 18: the 信访 limits in days (15 / 60 / +30 / 30 …) and numbering (core/petitions/settings.ts). */
  petitions: petitionSettingsSchema.default(DEFAULT_PETITION_SETTINGS),
  /** Issue 18: reception days (接访日) and lawyers on duty, per unit and weekday. */
  reception: z.array(receptionRotaSchema).default([]),
});

/** The SLA policy of an org file, in milliseconds. */
export function slaPolicyOf(org: OrgFile): SlaPolicy {
  const ms = (l: { claimHours: number; answerHours: number; resolveHours: number }): SlaLimits => ({ claimMs: l.claimHours * 3_600_000, answerMs: l.answerHours * 3_600_000, resolveMs: l.resolveHours * 3_600_000 });
  return {
    default: ms(org.sla.default),
    urgent: ms(org.sla.urgent),
    byCategory: Object.fromEntries(Object.entries(org.sla.categories).map(([k, v]) => [k, ms(v!)])),
    rating: { remindMs: org.sla.ratingReminderDays * 86_400_000, closeMs: org.sla.ratingDays * 86_400_000 },
    autoEscalateAfter: org.sla.autoEscalateAfter,
  };
}

/**
 * issue 14: the village codes that are a step of 上报, by the org file's `escalation.village`:
 * every village (`always`), none (`never`), or those where a staff member works (`auto`).
 */
export function villageSteps(org: Pick<OrgFile, 'areas' | 'staff' | 'escalation'>): Set<string> {
  const villages = org.areas.filter((a) => a.level === 'village').map((a) => a.code);
  if (org.escalation.village === 'never') return new Set();
  if (org.escalation.village === 'always') return new Set(villages);
  const staffed = new Set(org.staff.filter((s) => s.area && (s.role === 'grid_leader' || s.role === 'dispatcher')).map((s) => s.area!));
  return new Set(villages.filter((v) => staffed.has(v)));
}

export type OrgFile = z.output<typeof orgFileSchema>;

/**
 * Validates parsed JSON as an org file. Returns the org or a list of `path: problem` lines.
 */
export function parseOrgFile(json: unknown): { ok: true; org: OrgFile } | { ok: false; errors: string[] } {
  const parsed = orgFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const org = parsed.data;
  const errors: string[] = [];
  const areas = new Map<string, (typeof org.areas)[number]>();
  org.areas.forEach((a, i) => {
    if (areas.has(a.code)) errors.push(`areas.${i}.code: duplicate area code ${a.code}`);
    areas.set(a.code, a);
    if ((a.lat === undefined) !== (a.lng === undefined)) errors.push(`areas.${i}: give both lat and lng, or neither`);
  });
  const depth = { county: 0, township: 1, village: 2, group: 3, grid: 4, household: 5 } as const;
  org.areas.forEach((a, i) => {
    if (a.parent === null) {
      if (a.level !== 'county') errors.push(`areas.${i}.parent: only a county may have no parent`);
      return;
    }
    const parent = areas.get(a.parent);
    if (!parent) errors.push(`areas.${i}.parent: no area with code ${a.parent}`);
    else if (depth[parent.level] >= depth[a.level]) errors.push(`areas.${i}.parent: a ${a.level} cannot sit under a ${parent.level}`);
  });
  const departments = new Set(org.departments.map((d) => d.code));
  org.staff.forEach((s, i) => {
    if (s.area && !areas.has(s.area)) errors.push(`staff.${i}.area: no area with code ${s.area}`);
    if (s.department && !departments.has(s.department)) errors.push(`staff.${i}.department: no department with code ${s.department}`);
    if (!s.area && !s.department) errors.push(`staff.${i}: give an area or a department`);
    if (s.sensitiveReader && !s.area) errors.push(`staff.${i}.sensitiveReader: give the area whose sensitive requests they read`);
    if (!s.telegram && !s.wecom && !s.web) errors.push(`staff.${i}: give a telegram, wecom or web id so the person can be recognised`);
  });
  org.chats.forEach((c, i) => {
    if (c.area && !areas.has(c.area)) errors.push(`chats.${i}.area: no area with code ${c.area}`);
    if (c.department && !departments.has(c.department)) errors.push(`chats.${i}.department: no department with code ${c.department}`);
    if (!c.area && !c.department) errors.push(`chats.${i}: bind the chat to an area or a department`);
    if (c.channel !== 'wecom' && (c.mode || c.webhookKey || c.customerGroup)) errors.push(`chats.${i}: mode, webhookKey and customerGroup are for wecom chats only`);
    if (c.mode === 'webhook' && !c.webhookKey) errors.push(`chats.${i}.webhookKey: required for mode webhook`);
  });
  org.departments.forEach((d, i) => {
    if (d.area && !areas.has(d.area)) errors.push(`departments.${i}.area: no area with code ${d.area}`);
  });
  org.reception.forEach((r, i) => {
    const unit = areas.get(r.unit);
    if (!unit) errors.push(`reception.${i}.unit: no area with code ${r.unit}`);
    if (r.from >= r.to) errors.push(`reception.${i}.to: must be after from (${r.from})`);
    if (r.kind === 'leader' && !org.staff.some((s) => s.name === r.host)) errors.push(`reception.${i}.host: no staff member named ${r.host}`);
  });
  org.routing.forEach((r, i) => {
    const dept = /^department:(.+)$/.exec(r.to)?.[1];
    if (dept && !departments.has(dept)) errors.push(`routing.${i}.to: no department with code ${dept}`);
    if (org.routing.findIndex((x) => x.category === r.category) !== i) errors.push(`routing.${i}.category: ${r.category} has two rules`);
  });
  org.replies.forEach((r, i) => {
    if (!areas.has(r.unit) && !departments.has(r.unit)) errors.push(`replies.${i}.unit: no area or department with code ${r.unit}`);
    if (areas.has(r.unit) && departments.has(r.unit)) errors.push(`replies.${i}.unit: ${r.unit} is both an area and a department code`);
  });
  if (org.sla.ratingReminderDays >= org.sla.ratingDays) errors.push('sla.ratingReminderDays: must be fewer than sla.ratingDays');
  return errors.length ? { ok: false, errors } : { ok: true, org };
}
