/**
 * The digest's chart: questions per day, answered vs. gaps, as a PNG rendered in the process by
 * Chart.js on a Skia canvas (@napi-rs/canvas: a prebuilt binary from the npm registry, no browser,
 * no system libraries). Compared in this repository's issue 21 (800×400, 28 days, stacked bars,
 * Node 20 on the 2-core machine): Chart.js + @napi-rs/canvas 54 ms import, 30 ms a chart, 41 MB
 * installed; Vega-Lite + Vega + @resvg/resvg-js 226 ms, 59 ms, 22 MB; ECharts SSR (SVG) + resvg
 * 674 ms, 41 ms, 72 MB. All three are maintained and draw the same chart; Chart.js renders
 * fastest and starts fastest, and draws straight to pixels (no SVG text to lay out a second time).
 *
 * Loaded only by the digest (a dynamic import), never by the acknowledging endpoint. Text is drawn
 * with DejaVu Sans, shipped in the `dejavu-fonts-ttf` package, so a machine without fonts draws it
 * too; other scripts (CJK) fall back to the system's fonts when it has them.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title } from 'chart.js';
import { formattingLocale } from '../i18n/catalogue';
import { insightsText } from '../i18n/messages/insights';
import type { InsightsReport } from './report';
import { DAY_MS } from './report';

/** The chart's size in pixels. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
const FONT = 'DejaVu Sans';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);
let fontsLoaded = false;

function loadFonts(): void {
  if (fontsLoaded) return;
  fontsLoaded = true;
  const dir = path.join(
    path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
    'ttf',
  );
  GlobalFonts.registerFromPath(path.join(dir, 'DejaVuSans.ttf'), FONT);
}

/**
 * A PNG of the report's questions per day (answered: questions that are not gaps; gaps: nothing
 * found, rated 👎, or handed to a human), {@link CHART_WIDTH}×{@link CHART_HEIGHT}, labels in
 * `locale`. Only counts are drawn: no question's text.
 */
export function renderChart(r: Pick<InsightsReport, 'daily'>, locale: string | undefined): Buffer {
  loadFonts();
  const t = insightsText.for(locale);
  const dayLabel = new Intl.DateTimeFormat(formattingLocale(locale), {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  // Chart.js draws on any 2D context of the HTML canvas API, which Skia's implements.
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], {
    type: 'bar',
    data: {
      labels: r.daily.map((d) => dayLabel.format(d.day * DAY_MS)),
      datasets: [
        {
          label: t('chartAnswered'),
          data: r.daily.map((d) => d.questions - d.gaps),
          backgroundColor: '#4e79a7',
          stack: 'questions',
        },
        {
          label: t('chartGaps'),
          data: r.daily.map((d) => d.gaps),
          backgroundColor: '#e15759',
          stack: 'questions',
        },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      layout: { padding: 8 },
      font: { family: FONT },
      plugins: {
        title: { display: true, text: t('chartTitle'), font: { family: FONT, size: 16 } },
        legend: { position: 'bottom', labels: { font: { family: FONT } } },
      },
      scales: {
        x: { stacked: true, ticks: { font: { family: FONT } } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
      },
    },
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
