// The time-series chart: uPlot (from npm) over the API's time labels by position, so the previous period lines up
// bucket for bucket. Colours come from the theme's CSS variables, so it is redrawn when the theme changes.
import uPlot from 'uplot';
import { compact, longTimeLabel, metric as formatMetric, timeLabel } from './format.js';

const HEIGHT = 260;
const COUNTS = new Set(['visitors', 'visits', 'pageviews', 'events']);
// Whole steps for counts, so the axis never reads 0.2 visitors.
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

export class TimeSeriesChart {
  constructor(container, readout) {
    this.container = container;
    this.readout = readout;
    this.plot = null;
    this.last = null;
    new ResizeObserver(() => {
      if (this.plot && this.container.clientWidth > 0) this.plot.setSize({ width: this.container.clientWidth, height: HEIGHT });
    }).observe(container);
  }

  /** labels: the time labels; values and previous (or null): numbers by position; interval: time:hour... */
  draw(series) {
    this.last = series;
    this.plot?.destroy();
    this.plot = null;
    const { labels, values, previous, metric, metricLabel, interval } = series;
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const xs = labels.map((_, i) => i);
    const data = [xs, values];
    const lines = [
      {},
      { label: metricLabel, stroke: color('--accent'), width: 2.5, fill: color('--accent-fill'), points: { show: labels.length <= 45, size: 5, fill: color('--accent') } },
    ];
    if (previous) {
      data.push(labels.map((_, i) => previous[i] ?? null));
      lines.push({ label: 'Previous period', stroke: color('--muted'), width: 1.5, dash: [6, 4], points: { show: false } });
    }
    const axis = { stroke: color('--muted'), font: '12px system-ui, sans-serif', ticks: { show: false }, grid: { show: false } };
    const options = {
      width: Math.max(this.container.clientWidth, 200),
      height: HEIGHT,
      padding: [12, 12, 0, 4],
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? (COUNTS.has(metric) ? Math.max(Math.ceil(max * 1.15), 2) : max * 1.15) : 1] } },
      axes: [
        { ...axis, space: 70, incrs: [1, 2, 3, 4, 6, 7, 12, 14, 24, 30, 48, 60, 90, 120, 180, 365], values: (u, splits) => splits.map((i) => (Number.isInteger(i) && labels[i] ? timeLabel(labels[i], interval) : '')) },
        { ...axis, size: 56, incrs: COUNTS.has(metric) ? COUNT_STEPS : undefined, grid: { show: true, stroke: color('--grid'), width: 1 }, values: (u, splits) => splits.map((v) => (metric === 'visit_duration' || metric === 'bounce_rate' ? formatMetric(metric, v) : compact(v))) },
      ],
      series: lines,
      hooks: { setCursor: [(u) => this.showReadout(u.cursor.idx)] },
    };
    this.plot = new uPlot(options, data, this.container);
    this.container.setAttribute('aria-label', `${metricLabel} by ${interval.replace('time:', '')}, ${labels.length} points${previous ? ', with the previous period' : ''}`);
    this.showReadout(null);
  }

  redraw() {
    if (this.last) this.draw(this.last);
  }

  showReadout(index) {
    const s = this.last;
    if (!s) return;
    if (index === null || index === undefined || index < 0 || index >= s.labels.length) {
      const total = s.values.reduce((sum, v) => sum + (v ?? 0), 0);
      this.readout.textContent = s.labels.length ? `${timeLabelSpan(s)} · point at the chart for a bucket` : 'No data';
      if (total === 0 && s.labels.length) this.readout.textContent = `${timeLabelSpan(s)} · nothing recorded`;
      return;
    }
    const current = `${longTimeLabel(s.labels[index], s.interval)}: ${formatMetric(s.metric, s.values[index])} ${s.metricLabel.toLowerCase()}`;
    const earlier = s.previous && s.previousLabels?.[index] ? ` · ${longTimeLabel(s.previousLabels[index], s.interval)}: ${formatMetric(s.metric, s.previous[index])}` : '';
    this.readout.textContent = current + earlier;
  }
}

function timeLabelSpan(s) {
  return `${longTimeLabel(s.labels[0], s.interval)} – ${longTimeLabel(s.labels[s.labels.length - 1], s.interval)}`;
}
