// How values read on screen. Counts are exact (with thousands separators) so what is shown is what the API answered.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The value of <metric> as the page shows it. */
export function metric(name, value) {
  if (value === null || value === undefined) return '—';
  switch (name) {
    case 'bounce_rate':
    case 'scroll_depth':
    case 'percentage':
      return `${decimal.format(value)}%`;
    case 'visit_duration':
    case 'time_on_page':
      return duration(value);
    case 'views_per_visit':
      return decimal.format(value);
    default:
      return integer.format(value);
  }
}

/** A compact axis label: 1.2k. */
export function compact(value) {
  if (Math.abs(value) >= 1e6) return `${decimal.format(value / 1e6)}M`;
  if (Math.abs(value) >= 1e4) return `${decimal.format(value / 1e3)}k`;
  return decimal.format(value);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time label of the API ("2026-03-29", "2026-03-29 14:00:00") as the chart's axis shows it for <interval>. */
export function timeLabel(label, interval) {
  const [date, time] = String(label).split(' ');
  const [year, month, day] = date.split('-').map(Number);
  if (interval === 'time:minute' || interval === 'time:hour') return (time || '00:00').slice(0, 5);
  if (interval === 'time:month') return `${months[month - 1]} ${year}`;
  return `${months[month - 1]} ${day}`;
}

/** The same label in full, for the chart's readout. */
export function longTimeLabel(label, interval) {
  const [date, time] = String(label).split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const base = `${months[month - 1]} ${day}, ${year}`;
  if (interval === 'time:minute' || interval === 'time:hour') return `${base} ${(time || '00:00').slice(0, 5)}`;
  if (interval === 'time:week') return `Week of ${base}`;
  if (interval === 'time:month') return `${months[month - 1]} ${year}`;
  return base;
}
