/** Issue 17: the console workspace — private replies to households, internal notes, unmasking. */
export const workspace = {
  'action.privateReply': '私信群众',
  'action.note': '内部备注',
  'event.noted': '内部备注',
  'event.replied_privately': '私信群众',
  'console.private.toHousehold': '关于您反映的 #{id}（{unit}）：{text}',
  'console.private.sent': '已私信 #{id} 的群众（{route}）：{text}',
  'console.private.noRoute': '#{id} 的群众没有可私信的渠道（{channel}群里的群众需先私聊过民呼），请在群里答复或电话联系。',
  'console.note.done': '已给 #{id} 记下内部备注，只有工作人员能看到。',
  'console.route.telegram': 'Telegram 私聊',
  'console.route.web': '网页私聊',
  'console.route.wecom': '企业微信私聊',
} as const;
