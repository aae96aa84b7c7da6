// The browser tracker served at /analytics.js (docs/tracker.md). It sends Plausible's Events API format to
// /api/event as text/plain, so a browser sends no CORS preflight. No cookies, no storage of its own.
(() => {
  const w = window;
  const doc = document;
  const loc = location;
  const script = doc.currentScript;
  const flag = (name) => script.hasAttribute('data-' + name);
  const option = (name) => script.getAttribute('data-' + name);

  const domain = option('domain') || loc.hostname;
  // Resolved against the script's own URL, so a host that maps the endpoints under a prefix needs no setting.
  const api = option('api') || new URL('api/event', script.src).href;
  const hashMode = flag('hash');
  // Plausible's list of file types that count as downloads.
  const download = /\.(pdf|xlsx|docx|txt|rtf|csv|exe|key|ppsx?|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpeg|wmv|midi|mp3|wav|wma|dmg)$/i;

  const now = () => Date.now();

  const excluded = () => {
    try {
      if (localStorage.analytics_ignore == 'true') return 1;
    } catch (e) { /* storage blocked: nothing to read */ }
    return (!flag('allow-localhost') &&
      (/^(localhost|127(\.\d+){1,3}|\[::1?\])$/.test(loc.hostname) || loc.protocol == 'file:')) ||
      (navigator.webdriver && !flag('allow-webdriver'));
  };

  const send = (payload, callback, beacon) => {
    const body = JSON.stringify(payload);
    // A beacon outlives the page and needs no answer: the carrier for what is sent as the page goes away.
    if (beacon && navigator.sendBeacon && navigator.sendBeacon(api, body)) return;
    fetch(api, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'text/plain' }, body })
      .then((response) => ({ status: response.status }), (error) => ({ error }))
      .then((result) => callback && callback(result));
  };

  // Engagement of the current page view: visible, focused time and the deepest point scrolled to.
  let page = null; // {u, p} of the page view being measured; null while it is ignored or before the first
  let listening = false;
  let engagedMs = 0;
  let visibleSince = 0;
  let sentDepthPx = -1;
  let height = 0;
  let deepestPx = 0;

  // The document's height and the deepest pixel seen so far (the bottom of the viewport).
  const measure = () => {
    height = Math.max(doc.documentElement.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
    deepestPx = Math.max(deepestPx, Math.min(height, w.scrollY + w.innerHeight));
  };

  const engagedTime = () => engagedMs + (visibleSince ? now() - visibleSince : 0);

  // As Plausible's script: the first engagement of a page view is always sent; a later one only when the visitor
  // scrolled deeper than the last one said, or was engaged for 3 seconds or more since it.
  const sendEngagement = () => {
    measure(); // the page may have grown since the last scroll
    const e = engagedTime();
    if (!page || (sentDepthPx >= deepestPx && e < 3000)) return;
    sentDepthPx = deepestPx;
    engagedMs = 0;
    visibleSince = 0;
    const payload = { n: 'engagement', u: page.u, d: domain, sd: Math.round(deepestPx / height * 100) || 0, e };
    if (page.p) payload.p = page.p;
    if (hashMode) payload.h = 1;
    send(payload, 0, 1);
  };

  const leave = () => {
    engagedMs = engagedTime();
    visibleSince = 0;
    sendEngagement();
  };

  const onVisibility = () => {
    if (doc.visibilityState == 'visible' && doc.hasFocus()) {
      if (!visibleSince) visibleSince = now();
    } else {
      leave();
    }
  };

  const track = (name, options) => {
    options = options || {};
    const pageView = name == 'pageview';
    if (pageView) {
      sendEngagement();
      page = null;
      deepestPx = 0;
      measure();
    }
    if (excluded()) {
      if (options.callback) options.callback();
      return;
    }
    const payload = { n: name, u: options.url || loc.href, d: domain, r: doc.referrer || null };
    if (options.props) payload.p = options.props;
    if (options.interactive === false) payload.i = false;
    if (hashMode) payload.h = 1;
    if (pageView) {
      page = { u: payload.u, p: payload.p };
      engagedMs = 0;
      sentDepthPx = -1;
      visibleSince = now();
      if (!listening) {
        listening = true;
        doc.addEventListener('visibilitychange', onVisibility);
        w.addEventListener('blur', onVisibility);
        w.addEventListener('focus', onVisibility);
        w.addEventListener('pagehide', leave);
      }
    }
    send(payload, options.callback);
  };

  // Page views: the first when the page is visible, then one per change of path (and of hash, with data-hash).
  let lastPath = null;
  const pageView = (navigation) => {
    const path = loc.pathname + (hashMode ? loc.hash : '');
    if (navigation && path == lastPath) return;
    lastPath = path;
    track('pageview');
  };
  const navigated = () => pageView(true);
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    history[method] = function () {
      original.apply(this, arguments);
      navigated();
    };
  }
  w.addEventListener('popstate', navigated);
  if (hashMode) w.addEventListener('hashchange', navigated);
  w.addEventListener('pageshow', (event) => event.persisted && pageView());

  doc.addEventListener('scroll', measure, { passive: true });

  // Outbound links and file downloads: a left or middle click on a link. fetch's keepalive lets the request
  // finish after the page is gone, so the navigation is never held back.
  const onClick = (event) => {
    if (event.type == 'auxclick' && event.button != 1) return;
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link) return;
    const url = link.href.split('?')[0];
    if (flag('outbound-links') && link.host && link.host != loc.host) {
      track('Outbound Link: Click', { props: { url: link.href } });
    } else if (flag('file-downloads') && download.test(url)) {
      track('File Download', { props: { url } });
    }
  };
  doc.addEventListener('click', onClick);
  doc.addEventListener('auxclick', onClick);

  if (flag('form-submissions')) {
    doc.addEventListener('submit', (event) => {
      const form = event.target;
      if (form.hasAttribute('novalidate') || form.checkValidity()) {
        track('Form: Submission', { props: { path: loc.pathname } });
      }
    }, true);
  }

  const queued = (w.analytics && w.analytics.q) || [];
  w.analytics = track;

  const start = () => {
    pageView();
    for (const call of queued) track.apply(null, call);
  };
  // Counted when seen: a prerendered or background tab that is never shown is no page view.
  if (doc.visibilityState == 'visible') start();
  else doc.addEventListener('visibilitychange', start, { once: true });
})();
