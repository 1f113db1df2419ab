/**
 * `npm run integrations -- <command>` (issue 19): manages the systems that talk to minhu, on the
 * configured database (DATABASE_URL, else PGlite in DATA_DIR — stop minhu first when it runs on
 * PGlite: one process owns that folder). Keys are printed once and stored as SHA-256 only.
 *
 *   open311-key <system> <name> [--area CODE]          an api_key for Open311 POST (reports whose place names no area go to CODE; default the county)
 *   api-token <system> <name> --role ROLE [--area CODE] [--department CODE]   a bearer token of /api/v1, acting as that staff identity
 *   keys                                                list keys (prefix, kind, system, revoked)
 *   revoke <key id>                                     revoke a key
 *   webhook-add <url> <events,…|all> [--name N] [--area CODE] [--sensitive]   a subscriber; prints its secret once
 *   webhooks                                            list subscribers
 *   webhook-off <id> | webhook-on <id>                  stop / resume making deliveries for a subscriber
 *   deliveries <subscriber id> [--status failed]        its latest deliveries
 *   replay <subscriber id> [delivery id …]              send dead-lettered deliveries again (all failed ones, or those given)
 */
import { loadConfig } from '../adapters/config';
import { openDatabase } from '../adapters/db/client';
import { createIntegrations } from '../adapters/db/integrations.repository';
import { createWebhookDeliveries } from '../adapters/db/webhooks.repository';
import { ROLES, type Role } from '../core/model';
import { WEBHOOK_EVENT_TYPES } from '../core/webhook-events';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const VALUED = new Set(['--area', '--role', '--department', '--name', '--status']);
const positional = (args: string[]) => args.filter((a, i) => !a.startsWith('--') && !(i > 0 && VALUED.has(args[i - 1])));

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const args = positional(rest);
  if (!command) {
    console.error('usage: npm run integrations -- open311-key | api-token | keys | revoke | webhook-add | webhooks | webhook-off | webhook-on | deliveries | replay (see scripts/integrations.ts)');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const integrations = createIntegrations(database.db);
  const deliveries = createWebhookDeliveries(database.db);
  try {
    switch (command) {
      case 'open311-key':
      case 'api-token': {
        const [system, name] = args;
        if (!system || !name) throw new Error(`usage: npm run integrations -- ${command} <system> <name> ${command === 'api-token' ? '--role ROLE ' : ''}[--area CODE]`);
        const role = flag(rest, 'role');
        if (command === 'api-token' && !(ROLES as readonly string[]).includes(role ?? '')) throw new Error(`--role: one of ${ROLES.filter((r) => r !== 'household').join(', ')}`);
        const { key, record } = await integrations.createKey({ kind: command === 'open311-key' ? 'open311' : 'api', system, name, role: role as Role | undefined, areaCode: flag(rest, 'area') ?? null, departmentCode: flag(rest, 'department') ?? null });
        console.log(`key #${record.id} (${record.kind}) for ${record.name}: ${key}`);
        console.log('Store it now: minhu keeps only its SHA-256 and cannot show it again.');
        return 0;
      }
      case 'keys':
        for (const k of await integrations.listKeys()) console.log(`#${k.id}\t${k.kind}\t${k.system}\t${k.name}\t${k.keyPrefix}…\t${k.role ?? ''}\t${k.areaCode ?? ''}\t${k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active'}`);
        return 0;
      case 'revoke':
        console.log((await integrations.revokeKey(Number(args[0]))) ? `key #${args[0]} revoked` : `no active key #${args[0]}`);
        return 0;
      case 'webhook-add': {
        const [url, list] = args;
        if (!url || !/^https?:\/\//.test(url) || !list) throw new Error(`usage: npm run integrations -- webhook-add <http(s) url> <${WEBHOOK_EVENT_TYPES.join(',')}|all> [--name N] [--area CODE] [--sensitive]`);
        const events = list === 'all' ? [...WEBHOOK_EVENT_TYPES] : list.split(',');
        const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
        if (unknown.length) throw new Error(`unknown event types: ${unknown.join(', ')} (known: ${WEBHOOK_EVENT_TYPES.join(', ')})`);
        const sub = await integrations.addSubscriber({ name: flag(rest, 'name') ?? new URL(url).host, url, events, areaCode: flag(rest, 'area') ?? null, includeSensitive: rest.includes('--sensitive') });
        console.log(`subscriber #${sub.id} ${sub.url} (${sub.events.join(', ')}); signing secret: ${sub.secret}`);
        console.log('Store the secret now: the receiver verifies Minhu-Signature with it (README "Other systems").');
        return 0;
      }
      case 'webhooks':
        for (const s of await integrations.listSubscribers()) console.log(`#${s.id}\t${s.active ? 'on' : 'off'}\t${s.name}\t${s.url}\t${s.events.join(',')}\t${s.areaCode ?? 'all areas'}${s.includeSensitive ? '\t+sensitive' : ''}`);
        return 0;
      case 'webhook-off':
      case 'webhook-on':
        console.log((await integrations.setSubscriberActive(Number(args[0]), command === 'webhook-on')) ? `subscriber #${args[0]} ${command === 'webhook-on' ? 'on' : 'off'}` : `no subscriber #${args[0]}`);
        return 0;
      case 'deliveries': {
        const status = flag(rest, 'status') as 'pending' | 'sent' | 'failed' | undefined;
        for (const d of await deliveries.list(Number(args[0]), { status, limit: 50 })) console.log(`#${d.id}\t${d.type}\t${d.eventId}\t${d.status}\t${d.attempts} attempts\t${d.lastError ?? ''}`);
        return 0;
      }
      case 'replay': {
        const [subscriber, ...ids] = args.map(Number);
        console.log(`${await deliveries.replay(subscriber, ids)} deliveries of subscriber #${subscriber} queued again`);
        return 0;
      }
      default:
        throw new Error(`unknown command ${command} (see scripts/integrations.ts)`);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
