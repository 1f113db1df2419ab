/**
 * 重点积案 and the 五个一 (每案一名包案领导、一个工作小组、一套化解方案、一位督办领导、一套完整卷宗):
 * what is still missing, and whether the dossier is complete (the 受理告知书 issued and a
 * handling record on the timeline). Pure.
 */
import type { BacklogCase } from './petition';

export type BacklogItem = 'leader' | 'taskForce' | 'plan' | 'supervisor' | 'dossier';

/** The 五个一 items still missing, in the order the reports name them. */
export function missingItems(b: BacklogCase): BacklogItem[] {
  const out: BacklogItem[] = [];
  if (!b.leader) out.push('leader');
  if (b.taskForce.length === 0) out.push('taskForce');
  if (!b.plan) out.push('plan');
  if (!b.supervisor) out.push('supervisor');
  if (b.dossierCheckedAt === null) out.push('dossier');
  return out;
}

/** What a complete dossier needs: the acceptance notice and at least one handling step recorded. */
export function dossierGaps(facts: { acceptNotice: boolean; handlingSteps: number }): ('accept' | 'timeline')[] {
  const gaps: ('accept' | 'timeline')[] = [];
  if (!facts.acceptNotice) gaps.push('accept');
  if (facts.handlingSteps === 0) gaps.push('timeline');
  return gaps;
}

/** A fresh backlog case. */
export function newBacklog(listedAt: number, listedBy: number): BacklogCase {
  return { listedAt, listedBy, leader: null, taskForce: [], plan: null, supervisor: null, dossierCheckedAt: null, supervisedAt: null, supervisedDueAt: null };
}
