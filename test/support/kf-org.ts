/**
 * Issue 12: the demo county with its WeCom grid group 王家村1-3组网格群 marked as a customer group
 * (客户群: households are WeChat users, reached by the robot in plain text and by 微信客服), and
 * households counts for 进群率 — written to `dir` for ORG_FILE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ORG_FILE } from '../../adapters/org/org-import';

export function writeCustomerGroupOrg(dir: string, edit?: (org: Record<string, any>) => void): string {
  const org = JSON.parse(fs.readFileSync(DEMO_ORG_FILE, 'utf8'));
  for (const c of org.chats) if (c.channel === 'wecom' && c.id === 'wrDemoWangjia13') c.customerGroup = true;
  for (const a of org.areas) if (a.level === 'grid') a.households = 120;
  edit?.(org);
  const file = path.join(dir, 'org-customer-groups.json');
  fs.writeFileSync(file, JSON.stringify(org, null, 2));
  return file;
}
