// The archived plausible-tracker pointed at our host, as its README shows (`import Plausible from 'plausible-tracker'`;
// apiHost is where /api/event is, here under the test host's /stats prefix). It sends nothing on localhost unless told.
var plausible = PlausibleTracker.default({
  domain: 'shop.test',
  apiHost: location.origin + '/stats',
  trackLocalhost: true,
});
plausible.trackPageview();
