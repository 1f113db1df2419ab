/** Issue 19: what minhu says to other systems (Open311 service_notice). */
export const open311 = {
  'open311.registered': '已登记，编号 #{id}，由{handler}办理，{claimDue}前认领。',
  'open311.pending': '已收到，正在登记。请稍后用 token 查询编号。',
} as const;
