// The <script> tag build: the same API as the npm package, as the global `Flytrap`. Assigned directly rather than
// through esbuild's globalName, whose ES-module export helpers cost a tenth of the size budget.
import { api, SDK_VERSION } from './sdk'; // not ./index, see there

(window as unknown as { Flytrap: unknown }).Flytrap = { ...api, SDK_VERSION };
