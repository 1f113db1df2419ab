/** Server-rendered HTML for the console: escaping and the page frame. */

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string): Raw => new Raw(html);
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('') : v instanceof Raw ? v.html : esc(v);
    out += part + strings[i + 1];
  });
  return raw(out);
}

/** The page frame: navigation for a signed-in user (or none), a title and the body; `scripts` are same-origin files. */
export function page(title: string, body: Raw, user?: { name: string; csrf: string; audit?: boolean }, scripts: string[] = []): string {
  const nav = user
    ? html`<nav aria-label="主菜单"><a href="/console">待办</a><a href="/console/notices">通知</a><a href="/console/report">月报</a>${user.audit ? html`<a href="/console/audit">号码查看记录</a>` : raw('')}</nav><span class="me">${user.name}<form method="post" action="/console/logout"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit" class="quiet">退出</button></form></span>`
    : raw('');
  const tags = scripts.map((src) => `<script src="${esc(src)}" defer></script>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · 民呼工作台</title><link rel="stylesheet" href="/assets/fonts/minhu-fonts.css"><link rel="stylesheet" href="/console/assets/console.css">${tags}</head><body><a class="skip" href="#main">跳到正文</a><header><strong>民呼工作台</strong>${nav.html}</header><main id="main" tabindex="-1"><h1>${esc(title)}</h1>${body.html}</main></body></html>`;
}

/** `selected` / `checked` attributes. */
export const selected = (on: boolean): Raw => raw(on ? ' selected' : '');
export const checked = (on: boolean): Raw => raw(on ? ' checked' : '');
