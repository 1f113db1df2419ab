/**
 * `npm run wecom:groups [-- --apply] [--owner userid,…]` (issue 12): lists the corp's customer
 * groups (客户群) through `externalcontact/groupchat/list` + `groupchat/get` (cursor paged, at
 * WECOM_GROUPS_PER_SECOND), with owner and members by type (corp members / WeChat users), stores
 * the counts (进群率 in 报表 counts from them), and suggests a binding to an area for each group
 * not bound yet, read from its name (`王家村1-3组网格群` → that grid). `--apply` prints the diff of
 * the org file's `chats` and writes it (ORG_FILE; the file stays valid or is left untouched);
 * minhu takes it up at its next start. Needs the self-built app with 客户联系 permission
 * (WECOM_CORP_ID, WECOM_SECRET). On PGlite stop minhu first: one process owns DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../adapters/config';
import { openDatabase } from '../adapters/db/client';
import { createStore } from '../adapters/db/store';
import { DEMO_ORG_FILE } from '../adapters/org/org-import';
import { listCustomerGroups, type GroupDetail } from '../adapters/wecom/customer-groups';
import { createWecomApi } from '../adapters/wecom/wecom-api';
import { matchGroupToArea, type GroupMatch } from '../core/customer-group-match';
import { parseOrgFile } from '../core/org-file';

type RawChat = Record<string, unknown> & { channel?: unknown; id?: unknown };
type RawOrg = Record<string, unknown> & { chats?: RawChat[]; areas?: { code: string; name: string; aliases?: string[] }[] };

/** What becomes of one group in the org file. */
interface Plan {
  group: GroupDetail;
  bound: string | null;
  match: GroupMatch;
  before: RawChat | null;
  after: RawChat | null;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Plans each group: kept as bound (marked a customer group), bound to the suggested area, or left alone. */
function planBindings(org: RawOrg, groups: GroupDetail[]): Plan[] {
  const chats = org.chats ?? [];
  const areas = org.areas ?? [];
  return groups.map((group) => {
    const existing = chats.find((c) => c.channel === 'wecom' && String(c.id) === group.chatId) ?? null;
    const match = matchGroupToArea(group.name, areas);
    if (existing) {
      const after = existing.customerGroup === true ? existing : { ...existing, customerGroup: true };
      return { group, bound: typeof existing.area === 'string' ? existing.area : null, match, before: existing, after };
    }
    if (match.kind !== 'area') return { group, bound: null, match, before: null, after: null };
    return { group, bound: null, match, before: null, after: { channel: 'wecom', id: group.chatId, area: match.code, title: group.name, customerGroup: true } };
  });
}

function lineOf(plan: Plan, names: Map<string, string>): string {
  const { group, match } = plan;
  const label = (code: string) => `${code} ${names.get(code) ?? ''}`.trim();
  const where = plan.bound ? `bound to ${label(plan.bound)}`
    : match.kind === 'area' ? `suggest ${label(match.code)}`
    : match.kind === 'ambiguous' ? `ambiguous: ${match.codes.map(label).join(', ')} (bind it by hand)`
    : 'no area matches its name (bind it by hand)';
  return `${group.chatId}\t${group.name || '(no name)'}\towner ${group.owner || '?'}\t成员 ${group.corpMembers}\t微信用户 ${group.externalMembers}\t${where}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const apply = args.includes('--apply');
  const config = loadConfig();
  if (!config.WECOM_CORP_ID || !config.WECOM_SECRET) {
    console.error('wecom:groups needs the self-built app: set WECOM_CORP_ID and WECOM_SECRET (README "Households on WeCom").');
    return 2;
  }
  const orgFile = config.ORG_FILE ?? DEMO_ORG_FILE;
  if (apply && !config.ORG_FILE) {
    console.error('--apply writes the org file: set ORG_FILE to your county\'s file (the demo county is never changed).');
    return 2;
  }
  const raw = JSON.parse(fs.readFileSync(orgFile, 'utf8')) as RawOrg;
  const api = createWecomApi({ base: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, secret: config.WECOM_SECRET });
  const owners = flag(args, 'owner')?.split(',').map((s) => s.trim()).filter(Boolean);
  const groups = await listCustomerGroups(api, { perSecond: config.WECOM_GROUPS_PER_SECOND, owners });

  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await createStore(database.db).transaction(async (tx) => {
      for (const g of groups) await tx.reach.saveGroup(g);
    });
  } finally {
    await database.close();
  }

  const names = new Map((raw.areas ?? []).map((a) => [a.code, a.name]));
  const plans = planBindings(raw, groups);
  for (const plan of plans) console.log(lineOf(plan, names));
  const wechat = groups.reduce((n, g) => n + g.externalMembers, 0);
  console.log(`${groups.length} customer groups, ${wechat} WeChat users in them; ${plans.filter((p) => p.bound).length} bound, ${plans.filter((p) => !p.before && p.after).length} suggested. Member counts stored.`);

  const changes = plans.filter((p) => p.after && p.after !== p.before);
  if (changes.length === 0) {
    console.log(apply ? 'Nothing to change in the org file.' : 'The org file needs no change.');
    return 0;
  }
  console.log(`\n${apply ? 'Writing' : 'Would write (run with --apply)'} into ${path.resolve(orgFile)}, chats:`);
  for (const p of changes) {
    if (p.before) console.log(`- ${JSON.stringify(p.before)}`);
    console.log(`+ ${JSON.stringify(p.after)}`);
  }
  if (!apply) return 0;

  const chats = [...(raw.chats ?? [])];
  for (const p of changes) {
    const at = p.before ? chats.indexOf(p.before) : -1;
    if (at >= 0) chats[at] = p.after!;
    else chats.push(p.after!);
  }
  const next = { ...raw, chats };
  const valid = parseOrgFile(next);
  if (!valid.ok) {
    console.error(`Not written: the result would be invalid:\n${valid.errors.map((e) => `  - ${e}`).join('\n')}`);
    return 1;
  }
  const tmp = `${orgFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
  fs.renameSync(tmp, orgFile);
  const noRobot = chats.filter((c) => c.channel === 'wecom' && c.customerGroup === true && !c.webhookKey).map((c) => String(c.title ?? c.id));
  console.log(`Written. minhu binds them at its next start.${noRobot.length ? `\nNo group robot yet (add one in the group, then "mode": "webhook", "webhookKey": "…"): ${noRobot.join('、')}` : ''}`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
