/**
 * The monthly report chart as an ECharts option: received and resolved per child area (bars)
 * and the satisfaction rate (line). The chat's PNG (server-side) and the console's chart (in the
 * browser) are drawn from this one option, so they show the same numbers.
 */
import { ratesOf, type ReportFigures } from '../../core/metrics';

/** `98%`, or `—` when there is nothing to divide (issue 17: whole numbers on charts and console tables). */
export const wholePercent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export function reportChartOption(title: string, figures: ReportFigures): Record<string, unknown> {
  const areas = figures.byArea;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'Noto Sans SC' },
    title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 18, fontFamily: 'Noto Sans SC' } },
    legend: { top: 40, data: ['收到', '办结', '满意率'], textStyle: { fontFamily: 'Noto Sans SC' } },
    grid: { left: 60, right: 60, top: 80, bottom: 50 },
    xAxis: { type: 'category', data: areas.map((a) => a.name), axisLabel: { fontFamily: 'Noto Sans SC', interval: 0 } },
    yAxis: [
      { type: 'value', name: '件', nameTextStyle: { fontFamily: 'Noto Sans SC' } },
      { type: 'value', name: '满意率', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, nameTextStyle: { fontFamily: 'Noto Sans SC' } },
    ],
    series: [
      { name: '收到', type: 'bar', data: areas.map((a) => a.counts.received), itemStyle: { color: '#5470c6' }, label: { show: true, position: 'top' } },
      { name: '办结', type: 'bar', data: areas.map((a) => a.counts.resolved), itemStyle: { color: '#91cc75' }, label: { show: true, position: 'top' } },
      {
        name: '满意率', type: 'line', yAxisIndex: 1, itemStyle: { color: '#ee6666' },
        data: areas.map((a) => {
          const s = ratesOf(a.counts).satisfaction;
          return s === null ? null : Math.round(s * 100); // whole percentages (issue 17)
        }),
      },
    ],
    graphic: [{ type: 'text', right: 16, bottom: 12, style: { text: `合计 收到 ${figures.total.received} 办结 ${figures.total.resolved} 满意率 ${wholePercent(ratesOf(figures.total).satisfaction)}`, fontSize: 13, fontFamily: 'Noto Sans SC', fill: '#555' } }],
  };
}
