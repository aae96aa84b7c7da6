// The analytics dashboard. It reads the query API only (api.js) and keeps its whole view in the URL (state.js).
import { AuthRequiredError, apiBase, query, readKey, realtimeVisitors, sites as fetchSites } from './api.js';
import { TimeSeriesChart } from './chart.js';
import { clear, h } from './dom.js';
import { metric as formatMetric } from './format.js';
import { METRIC_LABELS, PANELS, PERIODS, apiFilters, chartable, dateRange, dimensionLabel, readState, stateQuery, topStats } from './state.js';

const REALTIME_REFRESH_MS = 30_000;
const PANEL_ROWS = 9;
const THEME_STORAGE = 'analytics-dashboard-theme';

let state = readState();
let generation = 0;
let siteList = [];
const ui = {};

// ---- Layout ---------------------------------------------------------------------------------------------------

function layout() {
  const title = document.body.dataset.title || 'Analytics';
  ui.site = h('select', { id: 'site', onchange: () => navigate({ site: ui.site.value, filters: [] }) });
  ui.period = h('select', { id: 'period', onchange: onPeriodChange }, PERIODS.map(([id, label]) => h('option', { value: id }, label)));
  ui.from = h('input', { id: 'from', type: 'date', required: true });
  ui.to = h('input', { id: 'to', type: 'date', required: true });
  ui.custom = h('form', { class: 'custom-range', onsubmit: onCustomRange, hidden: true },
    h('label', { for: 'from' }, 'From'), ui.from,
    h('label', { for: 'to' }, 'To'), ui.to,
    h('button', { type: 'submit', class: 'button' }, 'Apply'));
  ui.theme = h('button', { type: 'button', class: 'icon-button', id: 'theme', onclick: toggleTheme });
  ui.current = h('span', { class: 'current-visitors', id: 'current-visitors', 'aria-live': 'polite' });

  ui.chips = h('ul', { class: 'chips', id: 'filters', 'aria-label': 'Filters' });
  ui.stats = h('div', { class: 'top-stats', id: 'top-stats', role: 'group', 'aria-label': 'Top stats; choose the chart metric' });
  ui.compare = h('input', { type: 'checkbox', id: 'compare', onchange: () => navigate({ compare: ui.compare.checked }) });
  ui.interval = h('span', { class: 'muted', id: 'interval' });
  ui.chart = h('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': 'Time series chart' });
  ui.readout = h('p', { class: 'chart-readout muted', id: 'chart-readout' });
  ui.error = h('p', { class: 'error', id: 'error', role: 'alert', hidden: true });

  ui.realtimeVisitors = h('p', { class: 'realtime-count' });
  ui.realtimeBars = h('div', { class: 'bars', id: 'realtime-bars', role: 'img', 'aria-label': 'Pageviews per minute, last 30 minutes' });
  ui.realtimePages = h('ol', { class: 'realtime-pages' });
  ui.realtime = h('section', { class: 'card realtime', id: 'realtime', 'aria-labelledby': 'realtime-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'realtime-title' }, 'Last 30 minutes')),
    ui.realtimeVisitors, ui.realtimeBars, ui.realtimePages);

  ui.panels = {};
  const grid = h('div', { class: 'panels' }, PANELS.map(panelShell));

  ui.keyForm = keyForm();
  ui.main = h('main', { id: 'main' },
    h('nav', { class: 'filter-bar', 'aria-label': 'Active filters' }, ui.chips),
    ui.error,
    h('section', { class: 'card overview', 'aria-label': 'Overview' },
      ui.stats,
      h('div', { class: 'chart-toolbar' },
        ui.interval,
        h('label', { class: 'toggle', for: 'compare' }, ui.compare, 'Compare with previous period')),
      ui.chart, ui.readout),
    ui.realtime,
    grid);

  document.body.append(
    h('a', { class: 'skip', href: '#main' }, 'Skip to the dashboard'),
    h('header', { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('h1', {}, title)),
      h('label', { for: 'site', class: 'visually-hidden' }, 'Site'), ui.site,
      ui.current,
      h('div', { class: 'spacer' }),
      h('label', { for: 'period', class: 'visually-hidden' }, 'Date range'), ui.period,
      ui.custom,
      ui.theme),
    ui.keyForm,
    ui.main,
    h('footer', { class: 'footer muted' },
      'Reads the query API at ', h('code', {}, `${apiBase() || '/'}`), '. ',
      ui.forget = h('button', { type: 'button', class: 'link-button', onclick: forgetKey, hidden: !readKey.get() }, 'Forget the read key')));

  ui.chartView = new TimeSeriesChart(ui.chart, ui.readout);
}

function panelShell(panel) {
  const tabs = h('div', { class: 'tabs', role: 'group', 'aria-label': `${panel.title} breakdown` },
    panel.tabs.map((tab) => h('button', {
      type: 'button', class: 'tab', dataset: { tab: tab.id },
      onclick: () => navigate({ tabs: { ...state.tabs, [panel.id]: tab.id } }),
    }, tab.label)));
  const body = h('div', { class: 'panel-body' });
  const csv = h('button', { type: 'button', class: 'button small', onclick: () => exportCsv(panel) }, 'CSV');
  const extra = h('div', { class: 'panel-extra' });
  const section = h('section', { class: 'card panel', id: `panel-${panel.id}`, 'aria-labelledby': `panel-${panel.id}-title` },
    h('div', { class: 'card-head' }, h('h2', { id: `panel-${panel.id}-title` }, panel.title), tabs, csv),
    extra, body);
  ui.panels[panel.id] = { section, tabs, body, csv, extra };
  return section;
}

function keyForm() {
  const input = h('input', { id: 'read-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const message = h('p', { class: 'error', id: 'read-key-error', role: 'alert' });
  const form = h('form', {
    class: 'card key-form', id: 'key-form', hidden: true, 'aria-labelledby': 'key-title',
    onsubmit: (event) => {
      event.preventDefault();
      readKey.set(input.value.trim());
      input.value = '';
      ui.forget.hidden = false;
      load();
    },
  },
  h('h2', { id: 'key-title' }, 'Enter a read key'),
  h('p', {}, 'The query API asks for a key before it answers. Paste a read key; it is kept for this browser tab only and sent as a bearer token.'),
  message,
  h('label', { for: 'read-key' }, 'Read key'),
  h('div', { class: 'key-row' }, input, h('button', { type: 'submit', class: 'button primary' }, 'Open the dashboard')));
  form.input = input;
  form.message = message;
  return form;
}

// ---- Navigation -----------------------------------------------------------------------------------------------

function navigate(changes) {
  state = { ...state, ...changes };
  // A metric that the new filters leave no place for (time on page without a page filter) falls back to visitors.
  if (!topStats(state).some(([id]) => id === state.metric)) state.metric = 'visitors';
  window.history.pushState(null, '', window.location.pathname + stateQuery(state));
  load();
}

function onPeriodChange() {
  if (ui.period.value === 'custom') {
    ui.custom.hidden = false;
    ui.from.value ||= state.from || isoDate(-29);
    ui.to.value ||= state.to || isoDate(0);
    ui.from.focus();
    return;
  }
  navigate({ period: ui.period.value });
}

function onCustomRange(event) {
  event.preventDefault();
  let from = ui.from.value;
  let to = ui.to.value;
  if (!from || !to) return;
  if (from > to) [from, to] = [to, from];
  navigate({ period: 'custom', from, to });
}

function isoDate(offsetDays) {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function addFilter(dimension, value) {
  const filters = state.filters.filter(([d]) => d !== dimension);
  filters.push([dimension, value]);
  navigate({ filters });
  ui.chips.querySelector(`button[data-dimension="${CSS.escape(dimension)}"]`)?.focus();
}

function removeFilter(index) {
  navigate({ filters: state.filters.filter((_, i) => i !== index) });
  (ui.chips.querySelector('button') || ui.stats.querySelector('button.selected'))?.focus();
}

// ---- Loading --------------------------------------------------------------------------------------------------

async function load() {
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  syncControls();
  ui.error.hidden = true;
  try {
    if (!siteList.length) await loadSites();
    if (!state.site) state.site = siteList[0]?.domain || '';
    syncControls();
    ui.keyForm.hidden = true;
    ui.main.hidden = false;
    const results = await Promise.allSettled([loadTopStats(mine), loadChart(mine), loadRealtime(mine), ...PANELS.map((p) => loadPanel(p, mine))]);
    const auth = results.find((r) => r.status === 'rejected' && r.reason instanceof AuthRequiredError);
    if (auth) throw auth.reason;
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof AuthRequiredError) {
      askForKey(error);
      document.body.dataset.state = 'key';
      return;
    }
    ui.error.textContent = error.message;
    ui.error.hidden = false;
  }
  if (mine === generation) document.body.dataset.state = 'ready';
}

async function loadSites() {
  const answer = await fetchSites();
  siteList = answer?.sites || [];
  if (state.site && !siteList.some((s) => s.domain === state.site)) siteList.push({ domain: state.site });
}

function askForKey(error) {
  ui.main.hidden = true;
  ui.keyForm.hidden = false;
  ui.keyForm.message.textContent = error.hadKey ? 'That key was refused. Check it and try again.' : '';
  ui.keyForm.message.hidden = !error.hadKey;
  if (error.hadKey) readKey.clear();
  ui.keyForm.input.focus();
}

function forgetKey() {
  readKey.clear();
  ui.forget.hidden = true;
  load();
}

function base(extra) {
  return { site_id: state.site, date_range: dateRange(state), filters: apiFilters(state), ...extra };
}

function syncControls() {
  const title = document.body.dataset.title || 'Analytics';
  document.title = state.site ? `${state.site} · ${title}` : title;
  clear(ui.site, siteList.map((s) => h('option', { value: s.domain, selected: s.domain === state.site }, s.domain)));
  ui.period.value = state.period;
  ui.custom.hidden = state.period !== 'custom';
  if (state.period === 'custom') {
    ui.from.value = state.from;
    ui.to.value = state.to;
  }
  ui.compare.checked = state.compare;
  ui.compare.disabled = state.period === 'all';
  clear(ui.chips, state.filters.map(([dimension, value], index) => h('li', {},
    h('button', {
      type: 'button', class: 'chip', dataset: { dimension, value },
      'aria-label': `Remove filter: ${dimensionLabel(dimension)} is ${value}`,
      onclick: () => removeFilter(index),
    }, h('span', { class: 'chip-key' }, dimensionLabel(dimension)), ' is ', h('strong', {}, value || '(empty)'), h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')))));
  ui.chips.parentElement.hidden = state.filters.length === 0;
  for (const panel of PANELS) {
    for (const button of ui.panels[panel.id].tabs.children) button.setAttribute('aria-pressed', String(button.dataset.tab === state.tabs[panel.id]));
  }
  updateThemeButton();
}

async function loadTopStats(mine) {
  const stats = topStats(state);
  if (ui.stats.dataset.layout !== stats.map(([id]) => id).join()) clear(ui.stats, stats.map(([id, label]) => statButton(id, label, null, null)));
  ui.stats.dataset.layout = stats.map(([id]) => id).join();
  const withComparison = state.period !== 'all';
  const answer = await query(base({
    metrics: stats.map(([id]) => id),
    ...(withComparison ? { include: { comparisons: { mode: 'previous_period' } } } : {}),
  }));
  if (mine !== generation) return;
  const row = answer.results[0] || { metrics: [] };
  const hadFocus = ui.stats.contains(document.activeElement);
  clear(ui.stats, stats.map(([id, label], i) => statButton(id, label, row.metrics[i], row.comparison ? row.comparison.change[i] : null)));
  if (hadFocus) ui.stats.querySelector('button.selected')?.focus();
}

function statButton(id, label, value, change) {
  const selected = state.metric === id;
  const good = id === 'bounce_rate' ? change < 0 : change > 0;
  const changeText = change === null || change === undefined ? null
    : `${change > 0 ? '↑' : change < 0 ? '↓' : ''} ${Math.abs(change)}${id === 'bounce_rate' ? ' pts' : '%'}`.trim();
  // Views per visit has no chart (the API refuses it with a time dimension): it is shown, not chosen.
  return h(chartable(id) ? 'button' : 'div', {
    type: chartable(id) ? 'button' : null, class: `stat${selected ? ' selected' : ''}${chartable(id) ? '' : ' static'}`,
    'aria-pressed': chartable(id) ? String(selected) : null,
    dataset: { metric: id, value: value ?? '', change: change ?? '' },
    onclick: chartable(id) ? () => navigate({ metric: id }) : null,
  },
  h('span', { class: 'stat-label' }, label),
  h('span', { class: 'stat-value' }, value === null || value === undefined ? '…' : formatMetric(id, value)),
  changeText === null ? h('span', { class: 'stat-change muted' }, value === null ? '' : '—')
    : h('span', { class: `stat-change ${change === 0 ? 'muted' : good ? 'good' : 'bad'}`, title: 'Change against the previous period' }, changeText));
}

async function loadChart(mine) {
  const metric = state.metric;
  const answer = await query(base({ metrics: [metric], dimensions: ['time'], include: { time_labels: true } }));
  if (mine !== generation) return;
  const interval = answer.query.dimensions[0];
  const labels = answer.meta.time_labels || [];
  const values = byLabel(answer.results, labels, metric);
  let previous = null;
  let previousLabels = null;
  if (state.compare && state.period !== 'all') {
    const range = previousRange(answer.query.date_range);
    const earlier = await query({ ...base({ metrics: [metric], dimensions: [interval], include: { time_labels: true } }), date_range: range });
    if (mine !== generation) return;
    previousLabels = earlier.meta.time_labels || [];
    const earlierValues = byLabel(earlier.results, previousLabels, metric);
    previous = labels.map((_, i) => earlierValues[i] ?? null);
  }
  ui.interval.textContent = `${METRIC_LABELS[metric]} by ${interval.replace('time:', '')}`;
  ui.chartView.draw({ labels, values, previous, previousLabels, metric, metricLabel: METRIC_LABELS[metric], interval });
  ui.chart.dataset.points = String(labels.length);
  ui.chart.dataset.total = String(values.reduce((sum, v) => sum + (v ?? 0), 0));
  ui.chart.dataset.previous = previous ? String(previous.reduce((sum, v) => sum + (v ?? 0), 0)) : '';
}

/** The values by time label; a bucket without a row is 0 for a count, and a gap (null) for a rate or an average. */
function byLabel(rows, labels, metric) {
  const values = new Map(rows.map((row) => [row.dimensions[0], row.metrics[0]]));
  const missing = COUNTS.has(metric) ? 0 : null;
  return labels.map((label) => values.get(label) ?? missing);
}

const COUNTS = new Set(['visitors', 'visits', 'pageviews', 'events']);

/** The period of the same length just before the resolved range ([first second, last second] with offsets). */
function previousRange([first, last]) {
  const wholeDays = /T00:00:00/.test(first) && /T23:59:59/.test(last);
  if (wholeDays) {
    const start = Date.UTC(...first.slice(0, 10).split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0)));
    const end = Date.UTC(...last.slice(0, 10).split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0)));
    const days = Math.round((end - start) / 86_400_000) + 1;
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    return [day(start - days * 86_400_000), day(start - 86_400_000)];
  }
  const start = Date.parse(first);
  const length = Date.parse(last) - start + 1000;
  const instant = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [instant(start - length), instant(start - 1000)];
}

// ---- Realtime -------------------------------------------------------------------------------------------------

let realtimeTimer = 0;

async function loadRealtime(mine) {
  window.clearTimeout(realtimeTimer);
  const now = Date.now();
  const instant = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const range = [instant(now - 29 * 60_000 - (now % 60_000)), instant(now)];
  const filters = apiFilters(state);
  const [current, perMinute, pages] = await Promise.all([
    realtimeVisitors(state.site),
    query({ site_id: state.site, date_range: range, filters, metrics: ['visitors', 'pageviews'], dimensions: ['time:minute'], include: { time_labels: true } }),
    query({ site_id: state.site, date_range: range, filters, metrics: ['visitors'], dimensions: ['event:page'], pagination: { limit: 5 } }),
  ]);
  if (mine !== generation) return;
  ui.current.textContent = `${formatMetric('visitors', current)} current visitor${current === 1 ? '' : 's'}`;
  ui.current.dataset.value = String(current);
  const labels = perMinute.meta.time_labels || [];
  const rows = new Map(perMinute.results.map((row) => [row.dimensions[0], row.metrics]));
  const views = labels.map((label) => rows.get(label)?.[1] ?? 0);
  const max = Math.max(1, ...views);
  const totalViews = views.reduce((a, b) => a + b, 0);
  clear(ui.realtimeVisitors,
    h('strong', {}, formatMetric('pageviews', totalViews)), ` pageview${totalViews === 1 ? '' : 's'} in the last 30 minutes · `,
    h('strong', {}, formatMetric('visitors', current)), ' visitors in the last 5 minutes');
  ui.realtimeVisitors.dataset.pageviews = String(totalViews);
  clear(ui.realtimeBars, labels.map((label, i) => {
    const bar = h('span', { class: 'bar', title: `${label.slice(11, 16)}: ${views[i]} pageviews` });
    bar.style.height = `${Math.max(2, (views[i] / max) * 100)}%`;
    return bar;
  }));
  clear(ui.realtimePages, pages.results.length
    ? pages.results.map((row) => h('li', {}, h('span', {}, row.dimensions[0] || '(empty)'), h('span', { class: 'muted' }, formatMetric('visitors', row.metrics[0]))))
    : h('li', { class: 'muted' }, 'No page views in the last 30 minutes'));
  realtimeTimer = window.setTimeout(() => loadRealtime(generation).catch(() => { /* shown on the next full load */ }), REALTIME_REFRESH_MS);
}

// ---- Panels ---------------------------------------------------------------------------------------------------

function panelQuery(panel, limit) {
  const tab = panel.tabs.find((t) => t.id === state.tabs[panel.id]);
  const dimension = tab.dimension ?? (state.prop ? `event:props:${state.prop}` : null);
  if (!dimension) return { tab, dimension: null, body: null };
  const body = base({ metrics: tab.metrics, dimensions: [dimension], pagination: { limit }, include: { total_rows: true } });
  const tabFilters = typeof tab.filters === 'function' ? tab.filters(dimension) : tab.filters || [];
  body.filters = [...body.filters, ...tabFilters];
  return { tab, dimension, body };
}

async function loadPanel(panel, mine) {
  const view = ui.panels[panel.id];
  const { tab, dimension, body } = panelQuery(panel, PANEL_ROWS);
  renderPanelExtra(panel, tab);
  view.section.dataset.loaded = 'false';
  if (!body) {
    clear(view.body, h('p', { class: 'empty muted' }, 'Name a property to break the custom events down by it.'));
    view.csv.disabled = true;
    view.section.dataset.loaded = 'true';
    return;
  }
  let answer;
  try {
    answer = await query(body);
  } catch (error) {
    if (error instanceof AuthRequiredError) throw error;
    if (mine === generation) clear(view.body, h('p', { class: 'error', role: 'alert' }, error.message));
    return;
  }
  if (mine !== generation) return;
  view.csv.disabled = answer.results.length === 0;
  const max = Math.max(1, ...answer.results.map((row) => row.metrics[0] ?? 0));
  const head = h('div', { class: 'row head', 'aria-hidden': 'true' },
    h('span', { class: 'label' }, tab.column), tab.metrics.map((m) => h('span', { class: 'value' }, METRIC_LABELS[m])));
  const rows = answer.results.map((row) => {
    const value = row.dimensions[0];
    const bar = h('span', { class: 'bar-fill', 'aria-hidden': 'true' });
    bar.style.width = `${((row.metrics[0] ?? 0) / max) * 100}%`;
    return h('li', {},
      h('button', {
        type: 'button', class: 'row', dataset: { dimension, value },
        title: `Filter by ${dimensionLabel(dimension)} ${value}`,
        onclick: () => addFilter(dimension, value),
      },
      bar,
      h('span', { class: 'label' }, value === '' ? '(empty)' : value),
      tab.metrics.map((m, i) => h('span', { class: 'value', dataset: { metric: m, value: row.metrics[i] ?? '' } }, formatMetric(m, row.metrics[i])))));
  });
  const more = answer.meta.total_rows > answer.results.length
    ? h('p', { class: 'more muted' }, `${answer.results.length} of ${formatMetric('visitors', answer.meta.total_rows)} · the CSV has them all`) : null;
  clear(view.body, rows.length
    ? [head, h('ol', { class: 'rows', 'aria-label': `${panel.title}: ${tab.label}` }, rows), more]
    : h('p', { class: 'empty muted' }, 'Nothing recorded for this range and these filters.'));
  view.section.dataset.loaded = 'true';
}

function renderPanelExtra(panel, tab) {
  const view = ui.panels[panel.id];
  if (panel.id !== 'events' || tab.id !== 'props') {
    clear(view.extra);
    return;
  }
  const input = h('input', { id: 'prop-key', type: 'text', value: state.prop, placeholder: 'plan', spellcheck: 'false' });
  clear(view.extra, h('form', {
    class: 'prop-form',
    onsubmit: (event) => {
      event.preventDefault();
      navigate({ prop: input.value.trim() });
    },
  }, h('label', { for: 'prop-key' }, 'Property'), input, h('button', { type: 'submit', class: 'button small' }, 'Break down')));
}

// ---- CSV ------------------------------------------------------------------------------------------------------

async function exportCsv(panel) {
  const { tab, dimension, body } = panelQuery(panel, 10_000);
  if (!body) return;
  try {
    const answer = await query(body);
    const lines = [[tab.column, ...tab.metrics].map(csvField).join(',')];
    for (const row of answer.results) lines.push([row.dimensions[0], ...row.metrics.map((v) => v ?? '')].map(csvField).join(','));
    const blob = new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `${state.site}-${panel.id}-${tab.id}-${state.period}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    ui.panels[panel.id].section.dataset.exported = dimension;
  } catch (error) {
    if (error instanceof AuthRequiredError) askForKey(error);
    else {
      ui.error.textContent = error.message;
      ui.error.hidden = false;
    }
  }
}

/** RFC 4180 quoting; a leading = + - @ is quoted with ' so a spreadsheet never runs a page path as a formula. */
function csvField(value) {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// ---- Theme ----------------------------------------------------------------------------------------------------

function effectiveTheme() {
  return document.documentElement.dataset.theme
    || (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function toggleTheme() {
  const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem(THEME_STORAGE, next); } catch { /* kept for this page only */ }
  updateThemeButton();
  ui.chartView.redraw();
}

function updateThemeButton() {
  const dark = effectiveTheme() === 'dark';
  ui.theme.textContent = dark ? '☀' : '☾';
  ui.theme.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  ui.theme.title = ui.theme.getAttribute('aria-label');
}

function restoreTheme() {
  try {
    const saved = localStorage.getItem(THEME_STORAGE);
    if (saved === 'dark' || saved === 'light') document.documentElement.dataset.theme = saved;
  } catch { /* no storage: follow the system */ }
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    updateThemeButton();
    ui.chartView.redraw();
  });
}

// ---- Start ----------------------------------------------------------------------------------------------------

restoreTheme();
layout();
window.addEventListener('popstate', () => {
  state = readState();
  load();
});
load();
