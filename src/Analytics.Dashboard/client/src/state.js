// The whole view lives in the URL's query string, so a view can be shared and reloaded: the site, the date range, the
// filters (f=dimension=value, repeatable), the chart's metric, the comparison and each panel's tab.

export const PERIODS = [
  ['day', 'Today'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['month', 'This month'],
  ['lastmonth', 'Last month'],
  ['12mo', 'Last 12 months'],
  ['all', 'All time'],
  ['custom', 'Custom range'],
];

export const TOP_STATS = [
  ['visitors', 'Unique visitors'],
  ['visits', 'Total visits'],
  ['pageviews', 'Total pageviews'],
  ['views_per_visit', 'Views per visit'],
  ['bounce_rate', 'Bounce rate'],
  ['visit_duration', 'Visit duration'],
];

/**
 * The top stats of a view. With a filter on a page, views per visit cannot be asked for (the API refuses it, as
 * Plausible's does) and time on page can, so it takes that place, as on Plausible's dashboard.
 */
export function topStats(state) {
  if (!state.filters.some(([dimension]) => dimension === 'event:page')) return TOP_STATS;
  return TOP_STATS.map((stat) => (stat[0] === 'views_per_visit' ? ['time_on_page', 'Time on page'] : stat));
}

/** Whether the chart can draw <metric> over time: the API refuses views per visit with a dimension. */
export function chartable(metric) {
  return metric !== 'views_per_visit';
}

export const METRIC_LABELS = {
  visitors: 'Visitors',
  visits: 'Visits',
  pageviews: 'Pageviews',
  events: 'Events',
  views_per_visit: 'Views per visit',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
  percentage: 'Share',
};

const notSet = (dimension) => ['is_not', dimension, ['(not set)']];

/** The panels, each with tabs; a tab is one breakdown query. */
export const PANELS = [
  {
    id: 'pages', title: 'Pages', tabs: [
      { id: 'page', label: 'Top pages', dimension: 'event:page', column: 'Page', metrics: ['visitors', 'pageviews', 'time_on_page', 'scroll_depth'] },
      { id: 'entry', label: 'Entry pages', dimension: 'visit:entry_page', column: 'Entry page', metrics: ['visitors', 'visits'] },
      { id: 'exit', label: 'Exit pages', dimension: 'visit:exit_page', column: 'Exit page', metrics: ['visitors', 'visits'] },
    ],
  },
  {
    id: 'sources', title: 'Sources', tabs: [
      { id: 'source', label: 'Sources', dimension: 'visit:source', column: 'Source', metrics: ['visitors', 'bounce_rate'] },
      { id: 'channel', label: 'Channels', dimension: 'visit:channel', column: 'Channel', metrics: ['visitors', 'bounce_rate'] },
      { id: 'medium', label: 'UTM medium', dimension: 'visit:utm_medium', column: 'UTM medium', metrics: ['visitors'], filters: [notSet('visit:utm_medium')] },
      { id: 'utm_source', label: 'UTM source', dimension: 'visit:utm_source', column: 'UTM source', metrics: ['visitors'], filters: [notSet('visit:utm_source')] },
      { id: 'campaign', label: 'UTM campaign', dimension: 'visit:utm_campaign', column: 'UTM campaign', metrics: ['visitors'], filters: [notSet('visit:utm_campaign')] },
    ],
  },
  {
    id: 'devices', title: 'Devices', tabs: [
      { id: 'browser', label: 'Browser', dimension: 'visit:browser', column: 'Browser', metrics: ['visitors', 'percentage'] },
      { id: 'os', label: 'OS', dimension: 'visit:os', column: 'Operating system', metrics: ['visitors', 'percentage'] },
      { id: 'device', label: 'Device', dimension: 'visit:device', column: 'Device', metrics: ['visitors', 'percentage'] },
    ],
  },
  {
    id: 'events', title: 'Custom events', tabs: [
      { id: 'name', label: 'Events', dimension: 'event:name', column: 'Event', metrics: ['visitors', 'events'], filters: [['is_not', 'event:name', ['pageview']]] },
      // Events without the property are left out, as on Plausible's dashboard.
      { id: 'props', label: 'Properties', dimension: null, column: 'Value', metrics: ['visitors', 'events'], filters: (dimension) => [['is_not', dimension, ['(none)']]] },
    ],
  },
];

const DIMENSION_LABELS = {
  'event:page': 'Page',
  'event:name': 'Event',
  'event:hostname': 'Hostname',
  'visit:entry_page': 'Entry page',
  'visit:exit_page': 'Exit page',
  'visit:source': 'Source',
  'visit:referrer': 'Referrer',
  'visit:channel': 'Channel',
  'visit:utm_medium': 'UTM medium',
  'visit:utm_source': 'UTM source',
  'visit:utm_campaign': 'UTM campaign',
  'visit:utm_content': 'UTM content',
  'visit:utm_term': 'UTM term',
  'visit:browser': 'Browser',
  'visit:os': 'Operating system',
  'visit:device': 'Device',
};

export function dimensionLabel(dimension) {
  if (dimension.startsWith('event:props:')) return `Property ${dimension.slice('event:props:'.length)}`;
  return DIMENSION_LABELS[dimension] || dimension;
}

const periodIds = new Set(PERIODS.map(([id]) => id));
const dateText = /^\d{4}-\d{2}-\d{2}$/;

export function readState() {
  const q = new URLSearchParams(window.location.search);
  const state = {
    site: q.get('site') || '',
    period: periodIds.has(q.get('period')) ? q.get('period') : '30d',
    from: dateText.test(q.get('from') || '') ? q.get('from') : '',
    to: dateText.test(q.get('to') || '') ? q.get('to') : '',
    filters: [],
    metric: [...TOP_STATS.map(([id]) => id), 'time_on_page'].includes(q.get('metric')) && chartable(q.get('metric')) ? q.get('metric') : 'visitors',
    compare: q.get('compare') === '1',
    tabs: {},
    prop: (q.get('prop') || '').trim(),
  };
  for (const text of q.getAll('f')) {
    const at = text.indexOf('=');
    if (at > 0) state.filters.push([text.slice(0, at), text.slice(at + 1)]);
  }
  for (const panel of PANELS) {
    const tab = q.get(panel.id);
    state.tabs[panel.id] = panel.tabs.some((t) => t.id === tab) ? tab : panel.tabs[0].id;
  }
  if (state.period === 'custom' && !(state.from && state.to)) state.period = '30d';
  if (!topStats(state).some(([id]) => id === state.metric)) state.metric = 'visitors';
  return state;
}

/** The query string of <state>, defaults left out. */
export function stateQuery(state) {
  const q = new URLSearchParams();
  if (state.site) q.set('site', state.site);
  if (state.period !== '30d') q.set('period', state.period);
  if (state.period === 'custom') {
    q.set('from', state.from);
    q.set('to', state.to);
  }
  for (const [dimension, value] of state.filters) q.append('f', `${dimension}=${value}`);
  if (state.metric !== 'visitors') q.set('metric', state.metric);
  if (state.compare) q.set('compare', '1');
  for (const panel of PANELS) {
    if (state.tabs[panel.id] !== panel.tabs[0].id) q.set(panel.id, state.tabs[panel.id]);
  }
  if (state.prop) q.set('prop', state.prop);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The API's date_range for the state's period. */
export function dateRange(state) {
  if (state.period === 'lastmonth') return '1mo';
  if (state.period === 'custom') return [state.from, state.to];
  return state.period;
}

/** The API's filters for the state's chips: each an "is", all of them combined with "and". */
export function apiFilters(state) {
  return state.filters.map(([dimension, value]) => ['is', dimension, [value]]);
}
