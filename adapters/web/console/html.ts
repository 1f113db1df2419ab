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

const STYLE = `
.photos img{max-width:160px;max-height:160px;margin:0 8px 8px 0;border:1px solid #ccc;vertical-align:top}
*{box-sizing:border-box}body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#222;background:#f4f5f7}
header{background:#1f3a5f;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none}header a:hover,header a:focus{text-decoration:underline}header .me{margin-left:auto;font-size:14px}
main{max-width:1200px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 16px}
table{width:100%;border-collapse:collapse;background:#fff}th,td{padding:6px 8px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}.late{color:#c0392b;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;margin-bottom:12px}label{display:flex;flex-direction:column;font-size:13px;gap:2px}
input,select,textarea,button{font:inherit;padding:4px 8px}button{background:#1f6feb;color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer}
.card{background:#fff;padding:12px 16px;margin-bottom:16px;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.actions form{display:flex;gap:8px;align-items:flex-end;margin:6px 0;flex-wrap:wrap}.actions input[type=text]{min-width:260px}
.flash{background:#e8f5e9;border-left:4px solid #2e7d32;padding:8px 12px;white-space:pre-wrap;margin-bottom:12px}
pre{white-space:pre-wrap;background:#fff;padding:12px}#chart{width:100%;height:420px;background:#fff}
:focus-visible{outline:2px solid #1f6feb;outline-offset:2px}
@media (max-width:700px){.hide-narrow{display:none}main{padding:8px}header{gap:10px}}
`;

/** The page frame: navigation for a signed-in user (or none), a title and the body. */
export function page(title: string, body: Raw, user?: { name: string; csrf: string }): string {
  const nav = user
    ? html`<nav aria-label="主菜单"><a href="/console">待办</a> · <a href="/console/notices">通知</a> · <a href="/console/report">月报</a></nav><span class="me">${user.name} · <form method="post" action="/console/logout" style="display:inline"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit" style="padding:2px 8px">退出</button></form></span>`
    : raw('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · 民呼工作台</title><link rel="stylesheet" href="/assets/fonts/minhu-fonts.css"><style>${STYLE}</style></head><body><header><strong>民呼工作台</strong>${nav.html}</header><main><h1>${esc(title)}</h1>${body.html}</main></body></html>`;
}
