/** Issue 14 in core: units for 派单, the village step of 上报, the rating window, the 包案 deadline, the new commands. */
import { parseCommand } from '../../core/command-grammar';
import type { CitizenRequest } from '../../core/model';
import { parseOrgFile, villageSteps } from '../../core/org-file';
import { createOrgTree } from '../../core/org-tree';
import { escalationTarget } from '../../core/queue';
import { dueReminders, firstReminderAt, nextReminderAt, ratingDue, ratingWindowOf } from '../../core/sla-policy';
import { matchUnit } from '../../core/unit-match';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';

const org = readOrgFile(DEMO_ORG_FILE);
const tree = createOrgTree(org.areas);
const departments = org.departments.map((d) => ({ code: d.code, name: d.name }));
const H = 3_600_000;
const DAY = 24 * H;

describe('派单 to any unit (matchUnit)', () => {
  const county = { within: 'MS', departments: true };
  it('should find townships, villages, grids and departments by name, short form or code', () => {
    expect(matchUnit('清河镇', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS02' } });
    expect(matchUnit('清河', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS02' } });
    expect(matchUnit('王家村', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS0201' } });
    expect(matchUnit('王家村1-3组网格', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS020101' } });
    expect(matchUnit('王家村１-３组', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS020101' } });
    expect(matchUnit('MS0202', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'area', code: 'MS0202' } });
    expect(matchUnit('住建', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'department', code: 'zhujian' } });
    expect(matchUnit('县人社局', tree, departments, county)).toMatchObject({ ok: true, queue: { kind: 'department', code: 'renshe' } });
  });

  it('should keep a township dispatcher to its subtree and list what exists, nearest first', () => {
    const township = { within: 'MS02', departments: true };
    const outside = matchUnit('东风社区', tree, departments, township);
    expect(outside.ok).toBe(false);
    if (outside.ok) return;
    expect(outside.choices.slice(0, 2)).toEqual(['王家村', '李庄村']);
    expect(outside.choices).toContain('县住建局');
    const typo = matchUnit('住键', tree, departments, township);
    expect(typo).toMatchObject({ ok: false, suggestion: '县住建局' });
    // department staff: departments only
    expect(matchUnit('清河镇', tree, departments, { within: null, departments: true })).toMatchObject({ ok: false, choices: departments.map((d) => d.name) });
  });

  it('should not guess between several grids that share a short form', () => {
    expect(matchUnit('网格', tree, departments, county).ok).toBe(false);
  });
});

describe('the village as a step of 上报', () => {
  it('should go grid → village → township → county where the village is staffed (auto)', () => {
    const steps = villageSteps(org);
    expect([...steps]).toEqual(['MS0201']); // 王支书 works in 王家村
    expect(escalationTarget({ kind: 'area', code: 'MS020101' }, tree, steps)).toEqual({ ok: true, value: { kind: 'area', code: 'MS0201' } });
    expect(escalationTarget({ kind: 'area', code: 'MS0201' }, tree, steps)).toEqual({ ok: true, value: { kind: 'area', code: 'MS02' } });
    expect(escalationTarget({ kind: 'area', code: 'MS020201' }, tree, steps)).toEqual({ ok: true, value: { kind: 'area', code: 'MS02' } }); // 李庄村: nobody there
    expect(escalationTarget({ kind: 'area', code: 'MS02' }, tree, steps)).toEqual({ ok: true, value: { kind: 'area', code: 'MS' } });
  });

  it('should follow the org file: always, never', () => {
    expect(villageSteps({ ...org, escalation: { village: 'never' } }).size).toBe(0);
    expect(villageSteps({ ...org, escalation: { village: 'always' } }).size).toBe(4);
    const parsed = parseOrgFile({ areas: org.areas, escalation: { village: 'sometimes' } });
    expect(parsed.ok).toBe(false);
  });
});

const base = {
  id: 7, status: 'resolved', category: 'water', areaCode: 'MS020101', queue: { kind: 'area', code: 'MS020101' }, queueEnteredAt: 0, urgent: false, breachCount: 0,
  coUnits: [], coReporters: [], keyCase: null, createdAt: 0, claimDueAt: 24 * H, answerDueAt: 72 * H, resolveDueAt: 168 * H, answeredAt: 10 * H, resolvedAt: 20 * H,
} as unknown as CitizenRequest;

describe('the rating window', () => {
  const resolved = { ...base, ...ratingWindowOf(20 * H, {}) };
  it('should remind once on day 3 and close on day 7 (defaults)', () => {
    expect(resolved.ratingRemindAt).toBe(20 * H + 3 * DAY);
    expect(firstReminderAt(resolved)).toBe(20 * H + 3 * DAY);
    expect(ratingDue(resolved, 20 * H + 2 * DAY)).toBeNull();
    expect(ratingDue(resolved, 20 * H + 3 * DAY)).toEqual({ kind: 'remind', key: `rate:7:remind:${20 * H}` });
    expect(nextReminderAt(resolved, 20 * H + 3 * DAY)).toBe(20 * H + 7 * DAY);
    expect(ratingDue(resolved, 20 * H + 7 * DAY)).toEqual({ kind: 'close' });
    expect(nextReminderAt(resolved, 20 * H + 7 * DAY)).toBeNull();
    // no SLA reminders for a resolved request
    expect(dueReminders(resolved, 20 * H + 7 * DAY)).toEqual([]);
    expect(ratingDue({ ...resolved, status: 'closed' }, 20 * H + 7 * DAY)).toBeNull();
  });

  it('should take the org file\'s days', () => {
    expect(ratingWindowOf(0, { rating: { remindMs: DAY, closeMs: 2 * DAY } })).toEqual({ ratingRemindAt: DAY, ratingDueAt: 2 * DAY });
    expect(parseOrgFile({ areas: org.areas, sla: { ratingDays: 2, ratingReminderDays: 3 } })).toMatchObject({ ok: false, errors: ['sla.ratingReminderDays: must be fewer than sla.ratingDays'] });
  });
});

describe('the 包案 deadline', () => {
  it('should warn at 80 % and breach at the deadline, like the other deadlines', () => {
    const keyCase = { ...base, status: 'claimed', resolvedAt: null, answeredAt: 1, resolveDueAt: 1000 * DAY, keyCase: { leaderId: 1, leaderName: '李县长', dueAt: 10 * DAY, since: 0 } } as unknown as CitizenRequest;
    expect(dueReminders(keyCase, 7 * DAY).filter((r) => r.phase === 'keyCase')).toEqual([]);
    expect(dueReminders(keyCase, 8.5 * DAY).filter((r) => r.phase === 'keyCase')).toMatchObject([{ kind: 'warn' }]);
    expect(dueReminders(keyCase, 10.5 * DAY).filter((r) => r.phase === 'keyCase')).toMatchObject([{ kind: 'breach', repeat: 0 }]);
    expect(nextReminderAt(keyCase, 7 * DAY)).toBe(8 * DAY);
  });
});

describe('the new commands (grammar)', () => {
  it('should parse 催办, 关注, 取消关注, 常用语 in Chinese and slash forms, full-width digits too', () => {
    expect(parseCommand('催办 12')).toEqual({ ok: true, command: { type: 'chase', id: 12 } });
    expect(parseCommand('催办：＃１２')).toEqual({ ok: true, command: { type: 'chase', id: 12 } });
    expect(parseCommand('/chase 12')).toEqual({ ok: true, command: { type: 'chase', id: 12 } });
    expect(parseCommand('关注 8')).toEqual({ ok: true, command: { type: 'follow', id: 8 } });
    expect(parseCommand('/follow@minhu_bot 8')).toEqual({ ok: true, command: { type: 'follow', id: 8 } });
    expect(parseCommand('取消关注 8')).toEqual({ ok: true, command: { type: 'unfollow', id: 8 } });
    expect(parseCommand('/unfollow 8')).toEqual({ ok: true, command: { type: 'unfollow', id: 8 } });
    expect(parseCommand('常用语')).toEqual({ ok: true, command: { type: 'replies' } });
    expect(parseCommand('/replies')).toEqual({ ok: true, command: { type: 'replies' } });
    expect(parseCommand('答复 12 ＃２')).toEqual({ ok: true, command: { type: 'reply', id: 12, text: '#2' } });
    expect(parseCommand('补充 12 门口还有一个坑')).toEqual({ ok: true, command: { type: 'attach', id: 12, text: '门口还有一个坑' } });
    expect(parseCommand('/bind MS020101 staff')).toEqual({ ok: true, command: { type: 'bind', areaCode: 'MS020101', staff: true } });
  });

  it('should leave chatter alone and ask for the number', () => {
    expect(parseCommand('催一下吧')).toBeNull();
    expect(parseCommand('关注一下')).toBeNull();
    expect(parseCommand('催办')).toMatchObject({ ok: false, error: { code: 'COMMAND.MISSING_NUMBER', example: '催办 12' } });
  });
});
