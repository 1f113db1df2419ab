/**
 * `npm run wecom:links [-- --out DIR] [--area CODE]` (issue 12): the 微信客服 link of every grid
 * (`kf/add_contact_way` with scene = the grid's code; created once and stored in the database, so
 * running it again prints the same links), printed with the grid's WeCom group, and a QR code PNG
 * per grid (`DIR/<code>-<name>.png`, default DIR = DATA_DIR/kf-links) for staff to pin in each
 * group's 群公告. A household who taps the link opens the chat bound to that grid.
 * Needs the app and the account: WECOM_CORP_ID, WECOM_SECRET, WECOM_KF_ID. On PGlite stop minhu
 * first: one process owns DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { loadConfig } from '../adapters/config';
import { openDatabase } from '../adapters/db/client';
import { createStore } from '../adapters/db/store';
import { DEMO_ORG_FILE, readOrgFile } from '../adapters/org/org-import';
import { createKfApi } from '../adapters/wecom/kf-api';
import { createKfLinks } from '../adapters/wecom/kf-links';
import { createWecomApi } from '../adapters/wecom/wecom-api';

/** Levels that get a link: the grid and anything finer (组, 户代表级网格). */
const LINKED = new Set(['grid', 'group', 'household']);

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A file name from the grid's code and name (no path separators or control characters). */
const fileName = (code: string, name: string) => `${code}-${name.replace(/[\\/:*?"<>|\p{Cc}\s]+/gu, '_')}.png`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const config = loadConfig();
  if (!config.WECOM_CORP_ID || !config.WECOM_SECRET || !config.WECOM_KF_ID) {
    console.error('wecom:links needs the self-built app and the 微信客服 account: set WECOM_CORP_ID, WECOM_SECRET and WECOM_KF_ID (README "Households on WeCom").');
    return 2;
  }
  const org = readOrgFile(config.ORG_FILE ?? DEMO_ORG_FILE);
  const only = flag(args, 'area');
  const grids = org.areas.filter((a) => (only ? a.code === only : LINKED.has(a.level)));
  if (only && grids.length === 0) {
    console.error(`--area ${only}: no such area in the org file`);
    return 2;
  }
  const out = path.resolve(flag(args, 'out') ?? path.join(config.DATA_DIR, 'kf-links'));
  fs.mkdirSync(out, { recursive: true });
  const groupsOf = (code: string) => org.chats.filter((c) => c.channel === 'wecom' && c.area === code && c.role !== 'staff').map((c) => c.title ?? c.id);

  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const api = createKfApi(createWecomApi({ base: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID, secret: config.WECOM_SECRET }));
    const links = createKfLinks(api, createStore(database.db), config.WECOM_KF_ID);
    for (const grid of grids) {
      const url = await links.ensure(grid.code);
      const file = path.join(out, fileName(grid.code, grid.name));
      await QRCode.toFile(file, url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
      const groups = groupsOf(grid.code);
      console.log(`${grid.code}\t${grid.name}\t${url}\t${path.relative(process.cwd(), file) || file}\t${groups.length ? groups.join('、') : '(no WeCom group bound)'}`);
    }
    console.log(`${grids.length} links; QR codes in ${out}. Pin each grid's link (or its QR code) in the group's 群公告.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
