import type { open311 as zh } from '../zh-CN/open311';

/** Issue 19: what minhu says to other systems (Open311 service_notice). */
export const open311: Record<keyof typeof zh, string> = {
  'open311.registered': 'Registered as #{id}, handled by {handler}, to be claimed before {claimDue}.',
  'open311.pending': 'Received and being registered. Ask for its number with the token shortly.',
};
