/**
 * Issue 14 — the county's work: 交办 to any unit, nothing left hanging (rating window, reasons,
 * reopen alerts, 包案 deadlines, co-units' answers), reminders to staff only, households adding
 * and following (补充, 催办, 关注), and canned replies (常用语). Keys `work.*`, plus the errors,
 * actions and timeline events of these commands.
 */
export const work = {
  // 派单 / 转办 to any unit
  'error.UNIT.NOT_FOUND': '没有找到“{name}”，请写单位名称。{suggestion}可派：{choices}。',
  'work.movedToGrid': '\n您说的位置属于{grid}，已转给那里的工作人员办理。',
  // the rating window
  'work.rateRemind': '#{id} 已经办好几天了，麻烦您评价一下：回复 1 满意 / 2 基本满意 / 3 不满意',
  'work.closedUnrated': '评价期已过，未评价归档',
  'work.askReason': '能说说哪里不满意吗？直接回复就行，我们会转告办理人员。',
  'work.reasonThanks': '谢谢您，已转告{who}，会尽快重新办理。',
  'work.reasonToStaff': '【群众不满意】#{id}【{category}】{summary}\n{name}说：{reason}\n请重新办理。',
  'work.reopenAlert': '【督办提醒】#{id}【{category}】已第{count}次被群众评为不满意，重新办理。\n当前办理单位：{queue}{assignee}{reason}',
  'work.reopenReason': '\n不满意原因：{reason}',
  'work.autoEscalateReason': '超期提醒{count}次，自动上报',
  // co-units of 吹哨
  'work.coAnswered': '已把您单位对 #{id} 的答复转给牵头单位{lead}。',
  'work.coAnswerToLead': '#{id} 协办单位{unit}答复：{text}',
  // 补充 text
  'work.supplemented': '已补充到 #{id}：{text}\n办理人员会看到。',
  'work.supplementedPrivate': '已补充到 #{id}，办理人员会看到。',
  'work.supplementToStaff': '#{id}【{category}】{name}补充：{text}',
  'work.supplementClosed': '#{id} 已经{status}，不能再补充；如问题还在，请发送“报事 + 问题”重新登记。',
  // 催办
  'work.chased': '已帮您催办 #{id}，已提醒{who}尽快处理。',
  'work.chasedLeader': '已帮您催办 #{id}，已提醒{who}，并告知了{leader}。',
  'work.chaseOnce': '今天已经帮您催过 #{id} 了，工作人员正在处理，请耐心等一等；明天还可以再催。',
  'work.chaseClosed': '#{id} 目前{status}，不用催办了；发送“查看 {id}”可了解办理情况。',
  'work.chaseToStaff': '【催办】#{id}【{category}】{summary}\n{name}第{count}次催办，请尽快办理。',
  'work.whoWorker': '{name}',
  'work.whoUnit': '{unit}的工作人员',
  // 关注
  'work.followed': '好的，您已关注 #{id}（{summary}），目前共 {count} 户关注，每一步进展都会告诉您。不想再关注时发送“取消关注 {id}”。',
  'work.followOwn': '#{id} 是您登记的，办理进展都会告诉您。',
  'work.followAlready': '您已经在关注 #{id} 了，每一步进展都会告诉您。',
  'work.followClosed': '#{id} 目前{status}，不能再关注；如问题还在，请发送“报事 + 问题”重新登记。',
  'work.unfollowOwn': '#{id} 是您登记的；如不再需要办理，可以发送“撤回 {id}”。',
  'work.notFollowing': '您没有关注 #{id}。发送“进度”可查看您登记和关注的事。',
  'work.myFollowed': '（关注）',
  'error.REQUEST.NOT_NEIGHBOUR': '#{id} 不在您所在的村（社区），不能关注；您可以发送“报事 + 问题”登记。',
  // 常用语
  'work.repliesHeader': '常用语（用法：答复 编号 #序号，办结 编号 #序号）：',
  'work.repliesItem': '#{n} {category}{text}{use}',
  'work.repliesUseReply': '（答复）',
  'work.repliesUseResolve': '（办结）',
  'work.repliesEmpty': '您的单位还没有常用语，可以在工作台添加。',
  'work.replyNotFound': '没有第 {n} 条常用语，发送“常用语”可查看全部。',
  // the deadline watch of 包案
  'sla.phase.keyCase': '包案办结',
  // actions (for "you may instead …" hints) and timeline events
  'action.chase': '催办',
  'action.follow': '关注',
  'action.unfollow': '取消关注',
  'action.replies': '常用语',
  'action.coAnswer': '协办答复',
  'event.chased': '催办',
  'event.followed': '关注',
  'event.feedback': '不满意原因',
  'event.co_answered': '协办答复',
} as const;
