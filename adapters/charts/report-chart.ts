/**
 * The monthly report as an image: Apache ECharts rendered server-side to SVG, rasterised to PNG
 * by resvg with the Noto Sans SC font shipped in an npm package (nothing is downloaded at run time).
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ReportFigures } from '../../core/metrics';
import { reportChartOption } from './report-chart-option';

/** The CJK font file (npm: @expo-google-fonts/noto-sans-sc). */
export const CJK_FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** Renders received/resolved bars and the satisfaction line per area; returns PNG bytes. */
export function renderReportChart(title: string, figures: ReportFigures, width = 800, height = 450): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(reportChartOption(title, figures));
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, { font: { fontFiles: [CJK_FONT], loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' }, background: '#ffffff' }).render().asPng();
    return Buffer.from(png);
  } finally {
    chart.dispose();
  }
}
