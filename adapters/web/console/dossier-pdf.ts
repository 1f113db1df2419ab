/**
 * The complete dossier (完整卷宗) as a PDF (issue 17), with pdfkit and the Noto Sans SC font
 * from `@expo-google-fonts/noto-sans-sc` (embedded as a subset: only the characters used).
 * Personal numbers are masked, as in every list; photos (JPEG, PNG) are embedded.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { queueName } from '../../../core/queue';
import { categoryName, statusName } from '../../../core/request-messages';
import { maskPhones } from '../../../core/text-tools';
import { formatTime } from '../../../core/time-format';
import type { BotDeps } from '../../../bots/deps';
import { attachmentsOf } from '../../../bots/desk/attachments-view';
import { describeEvent, describePlace } from '../../../bots/desk/views';
import { WEB_FONT_FILE } from '../fonts.routes';
import type { loadDossier } from './dossier.page';

type Dossier = NonNullable<Awaited<ReturnType<typeof loadDossier>>>;
let font: Buffer | null = null;
const CHANNELS: Record<string, string> = { wecom: '企业微信', telegram: 'Telegram', web: '网页' };

/** Renders the dossier; `by` is who exported it (printed in the footer line). */
export async function dossierPdf(deps: BotDeps, d: Dossier, by: string): Promise<Buffer> {
  const { locale, timeZone } = deps.messages;
  const { r } = d;
  font ??= fs.readFileSync(WEB_FONT_FILE);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `完整卷宗 #${r.id}`, Author: '民呼', Subject: categoryName(r, locale) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('noto', font);
  doc.font('noto');
  doc.fontSize(18).text(`完整卷宗 #${r.id}【${categoryName(r, locale)}】`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`导出：${by}，${formatTime(deps.clock.now(), timeZone)}（个人号码已隐去）`, { align: 'center' }).fillColor('#000');
  const heading = (text: string) => doc.moveDown(0.8).fontSize(13).text(text).moveDown(0.2).fontSize(10.5);
  const row = (label: string, value: string) => doc.text(`${label}：${value}`, { lineGap: 2 });

  heading('一、诉求');
  row('状态', `${statusName(r.status, locale)}${r.urgent ? '（紧急）' : ''}${r.sensitive ? '（敏感）' : ''}`);
  row('所在单位', `${queueName(r.queue, deps.tree, deps.departments)}${d.assignee ? `，经办人 ${d.assignee}` : ''}`);
  row('诉求内容', maskPhones(r.detail));
  row('地点', describePlace(deps, r) ?? '未说明');
  row('登记时间', formatTime(r.createdAt, timeZone));
  row('期限', `认领 ${formatTime(r.claimDueAt, timeZone)}，答复 ${formatTime(r.answerDueAt, timeZone)}，办结 ${formatTime(r.resolveDueAt, timeZone)}`);
  row('涉及户数', `${1 + r.coReporters.length} 户`);
  if (r.keyCase) row('包案', `${r.keyCase.leaderName}，${formatTime(r.keyCase.dueAt, timeZone)}前`);
  if (r.rating) row('评价', ({ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const)[r.rating]);

  heading('二、反映人');
  row('姓名', d.reporter?.name ?? r.origin.name);
  const phone = r.phone ?? d.reporter?.phone;
  row('电话', phone ? maskPhones(phone) : '未留');
  row('渠道', `${CHANNELS[r.origin.channel] ?? r.origin.channel}${d.chatTitle ? `，${d.chatTitle}` : ''}`);
  if (d.earlier.length) row('以前的诉求', d.earlier.map((e) => `#${e.id} ${categoryName(e, locale)} ${statusName(e.status, locale)}`).join('；'));

  heading('三、办理过程');
  d.events.forEach((e, i) => {
    const ev = describeEvent(deps, e, false);
    doc.text(`${i + 1}. ${ev.at} ${ev.actor} ${ev.event}${ev.note ? `：${ev.note}` : ''}${e.type === 'noted' ? '（内部备注）' : ''}`, { lineGap: 2 });
  });

  const { photos, places } = await attachmentsOf(deps.blobs, r);
  if (photos.length || places.length) {
    heading('四、照片和位置');
    for (const p of places) doc.text(`位置：${p.lat}，${p.lng}`);
    for (const ref of photos) {
      const blob = await deps.blobs?.get(ref.slice('blob:'.length));
      if (!blob || !/^image\/(jpeg|png)$/.test(blob.mime)) continue;
      if (doc.y > doc.page.height - 260) doc.addPage();
      try {
        doc.image(blob.bytes, { fit: [240, 200] }).moveDown(0.5);
      } catch {
        doc.text('（照片无法嵌入）');
      }
    }
  }
  doc.end();
  return done;
}
