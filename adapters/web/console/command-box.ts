/** The box that sends any chat command from the console, as in the group or the private chat. */
import { html, type Raw } from './html';
import type { ConsoleUser } from './session';

export function commandBox(user: ConsoleUser, back = '/console'): Raw {
  return html`<form class="card noprint" method="post" action="/console/command" aria-label="命令"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="back" value="${back}">
    <label>聊天命令（与群里相同，如 待办、查看 12、报表）<input type="text" name="text" required maxlength="2000"></label><p><button type="submit">发送</button></p></form>`;
}
