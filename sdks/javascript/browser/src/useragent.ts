/** Browser and OS from a user agent string: a handful of patterns, no parser library (they weigh 20+ KB). */
export interface Described {
  browser?: string;
  os?: string;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
  ['Opera', /OPR\/([\d.]+)/],
  ['Samsung Internet', /SamsungBrowser\/([\d.]+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
  ['Chrome', /(?:Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /Version\/([\d.]+).*Safari\//],
];

const OSES: Array<[string, RegExp]> = [
  ['Windows', /Windows NT ([\d.]+)/],
  ['iOS', /(?:iPhone|iPad|iPod).*? OS ([\d_]+)/],
  ['macOS', /Mac OS X ([\d_.]+)/],
  ['Android', /Android ([\d.]+)/],
  ['ChromeOS', /CrOS \S+ ([\d.]+)/],
  ['Linux', /Linux()/],
];

const WINDOWS: Record<string, string> = { '10.0': '10', '6.3': '8.1', '6.2': '8', '6.1': '7' };

export function describeUserAgent(ua: string): Described {
  const described: Described = {};
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      described.browser = name + ' ' + match[1].split('.')[0];
      break;
    }
  }
  for (const [name, pattern] of OSES) {
    const match = pattern.exec(ua);
    if (match) {
      const version = name === 'Windows' ? WINDOWS[match[1]] || match[1] : match[1].replace(/_/g, '.');
      described.os = version ? name + ' ' + version : name;
      break;
    }
  }
  return described;
}
