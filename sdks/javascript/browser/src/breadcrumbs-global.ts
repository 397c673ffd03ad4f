// The opt-in script flytrap.breadcrumbs.min.js: the automatic breadcrumbs (clicks, navigation, fetch/XHR, console)
// for the script-tag build, kept out of flytrap.min.js so that one stays within 4 KB min+gzip. Load it after
// flytrap.min.js, before or after Flytrap.init: init picks it up, or it starts at once on an initialised client.
import { recordBreadcrumbs, type BreadcrumbRecorder } from './breadcrumbs';
import type { Api } from '@flytrap/core';
import type { BrowserOptions } from './sdk';

const flytrap = (window as unknown as { Flytrap?: Api<BrowserOptions> & { recordBreadcrumbs?: BreadcrumbRecorder } })
  .Flytrap;
if (flytrap) {
  flytrap.recordBreadcrumbs = recordBreadcrumbs;
  const client = flytrap.getClient();
  if (client) {
    recordBreadcrumbs(client.options as BrowserOptions, flytrap.addBreadcrumb, client.transport.url.split('?')[0]);
  }
} else {
  console.error('[flytrap] load flytrap.breadcrumbs.min.js after flytrap.min.js');
}
