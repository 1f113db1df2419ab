/**
 * The cron ticks (node-cron, in the deployment's time zone): the SLA tick, the daily feedback,
 * the weekly exposure and the monthly report. Every job is safe to run in several processes at
 * once — the SLA tick takes an advisory lock and every message has a dedupe key.
 */
import { schedule, type ScheduledTask } from 'node-cron';
import type { BotDeps } from '../deps';
import { runDailyFeedback, runMonthlyReports, runWeeklyExposure } from './reports';
import { runSlaTick } from './sla-tick';
import { runDueNotices } from '../notices/notices';
import { runPetitionTick } from '../petitions/petition-tick';

export interface Schedules {
  slaTick: string;
  daily: string;
  weekly: string;
  monthly: string;
}

export type JobLog = (level: 'info' | 'error', message: string, meta?: object) => void;

/** Starts the jobs; `stop()` ends them. */
export function startScheduler(deps: BotDeps, schedules: Schedules, log: JobLog): { stop(): void } {
  const jobs: [string, string, () => Promise<unknown>][] = [
    ['sla', schedules.slaTick, async () => {
      const started = performance.now();
      const tick = await runSlaTick(deps);
      deps.observe?.slaTick((performance.now() - started) / 1000, tick.queued, tick.skipped); // issue 16
      const notices = await runDueNotices(deps);
      // issue 18: the 信访 statutory clock, 挂牌督办 and reception days, on the same minute.
      const petitions = await runPetitionTick(deps);
      return { ...tick, queued: tick.queued + petitions.queued, notices, petitions: petitions.queued };
    }],
    ['daily', schedules.daily, () => runDailyFeedback(deps)],
    ['weekly', schedules.weekly, () => runWeeklyExposure(deps)],
    ['monthly', schedules.monthly, () => runMonthlyReports(deps)],
  ];
  const tasks: ScheduledTask[] = jobs.map(([name, expression, run]) =>
    schedule(expression, async () => {
      try {
        const result = await run();
        if (name !== 'sla' || (typeof result === 'object' && result && 'queued' in result && (result as { queued: number }).queued > 0)) {
          log('info', `job ${name} done`, typeof result === 'object' && result ? result : { queued: result });
        }
      } catch (e) {
        log('error', `job ${name} failed`, { error: String(e) });
      }
    }, { timezone: deps.messages.timeZone, noOverlap: true, name: `minhu-${name}` }));
  return {
    stop: () => {
      for (const task of tasks) void task.stop();
    },
  };
}
