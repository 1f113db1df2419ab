/**
 * The monthly report as an image: Apache ECharts rendered server-side to SVG, rasterised to PNG
 * by resvg with the Noto Sans SC font shipped in an npm package (nothing is downloaded at run time).
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { percent, ratesOf, type ReportFigures } from '../../core/metrics';

/** The CJK font file (npm: @expo-google-fonts/noto-sans-sc). */
export const CJK_FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** Renders received/resolved bars and the satisfaction line per area; returns PNG bytes. */
export function renderReportChart(title: string, figures: ReportFigures, width = 800, height = 450): Buffer {
  const areas = figures.byArea;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
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
            return s === null ? null : Math.round(s * 10000) / 100;
          }),
        },
      ],
      graphic: [{ type: 'text', right: 16, bottom: 12, style: { text: `合计 收到 ${figures.total.received} 办结 ${figures.total.resolved} 满意率 ${percent(ratesOf(figures.total).satisfaction)}`, fontSize: 13, fontFamily: 'Noto Sans SC', fill: '#555' } }],
    });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, { font: { fontFiles: [CJK_FONT], loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' }, background: '#ffffff' }).render().asPng();
    return Buffer.from(png);
  } finally {
    chart.dispose();
  }
}
