// The <script> tag build: the same API as the npm package, as the global `Flytrap`. Assigned directly rather than
// through esbuild's globalName, whose ES-module export helpers cost a tenth of the size budget. The automatic
// breadcrumbs are the opt-in script flytrap.breadcrumbs.min.js (breadcrumbs-global.ts), which sets
// Flytrap.recordBreadcrumbs; without it this script still captures errors, messages and manual breadcrumbs.
import type { BreadcrumbRecorder } from './breadcrumbs';
import { browserApi, SDK_VERSION } from './sdk'; // not ./index, see there

const global = { ...browserApi(() => global.recordBreadcrumbs), SDK_VERSION } as ReturnType<typeof browserApi>
  & { SDK_VERSION: string; recordBreadcrumbs?: BreadcrumbRecorder };
(window as unknown as { Flytrap: unknown }).Flytrap = global;
