"""Draws the panels of a Grafana dashboard JSON from a real Prometheus: each panel's PromQL through /api/v1/query_range
over the bench's time range, Grafana's variables replaced ($application and $project: every value; $__rate_interval:
10 s, four scrapes), one line chart per panel in the dashboard's grid layout. Exits 1 naming every panel whose
queries return no series. Stdlib only: SVG by hand."""
import json
import math
import sys
import urllib.parse
import urllib.request
from xml.sax.saxutils import escape

prometheus, dashboard_file, start, end, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
STEP = 2
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff", "#ffb357"]
CELL_W, CELL_H, TOP = 60, 34, 70  # Grafana's 24-column grid, scaled


def promql(expr):
    return (expr.replace("$__rate_interval", "10s").replace("$application", ".*").replace("$project", ".*"))


def query(expr):
    params = urllib.parse.urlencode({"query": promql(expr), "start": start, "end": end, "step": STEP})
    with urllib.request.urlopen(prometheus + "/api/v1/query_range?" + params, timeout=30) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        raise SystemExit("query failed: %s: %s" % (expr, body))
    return body["data"]["result"]


def panels(dashboard):
    for panel in dashboard["panels"]:
        if panel.get("type") == "row":
            yield from panel.get("panels", [])
        else:
            yield panel


def label(series, target):
    fmt = target.get("legendFormat") or ""
    metric = series["metric"]
    if fmt and fmt != "__auto":
        for name, value in metric.items():
            fmt = fmt.replace("{{%s}}" % name, value).replace("{{ %s }}" % name, value)
        return fmt
    return ", ".join("%s=%s" % item for item in sorted(metric.items()) if item[0] not in ("job", "instance")) or "value"


def number(value):
    if math.isnan(value):
        return "NaN"
    if abs(value) >= 1000:
        return "%.0f" % value
    return ("%.3f" % value).rstrip("0").rstrip(".") if value else "0"


def chart(panel, lines, x, y, w, h):
    parts = ['<g transform="translate(%d,%d)">' % (x, y),
             '<rect width="%d" height="%d" rx="4" fill="#181b1f" stroke="#2c3235"/>' % (w - 8, h - 8),
             '<text x="10" y="20" fill="#d8d9da" font-size="14" font-weight="600">%s</text>' % escape(panel["title"])]
    px, py, pw, ph = 52, 34, w - 8 - 52 - 12, h - 8 - 34 - 22 - 16 * min(len(lines), 4)
    values = [v for _, points in lines for _, v in points if not math.isnan(v)]
    low, high = (min(values + [0.0]), max(values + [0.0])) if values else (0.0, 1.0)
    if high == low:
        high = low + 1
    parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#2c3235"/>' % (px, py + ph, px + pw, py + ph))
    for fraction in (0, 0.5, 1):
        ty = py + ph - fraction * ph
        parts.append('<text x="%d" y="%.1f" fill="#8e8e8e" font-size="10" text-anchor="end">%s</text>'
                     % (px - 4, ty + 3, number(low + fraction * (high - low))))
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#22252b"/>' % (px, ty, px + pw, ty))
    for index, (name, points) in enumerate(lines):
        color = COLORS[index % len(COLORS)]
        path, pen = [], "M"
        for t, v in points:
            if math.isnan(v):
                pen = "M"
                continue
            path.append("%s%.1f,%.1f" % (pen, px + (t - start) / max(1, end - start) * pw, py + ph - (v - low) / (high - low) * ph))
            pen = "L"
        if path:
            parts.append('<path d="%s" fill="none" stroke="%s" stroke-width="1.5"/>' % (" ".join(path), color))
        if index < 4:
            last = next((v for _, v in reversed(points) if not math.isnan(v)), float("nan"))
            parts.append('<text x="%d" y="%d" fill="%s" font-size="11">■ <tspan fill="#d8d9da">%s</tspan>'
                         '<tspan fill="#8e8e8e"> last %s</tspan></text>'
                         % (px, py + ph + 30 + 16 * index, color, escape(name[:70]), number(last)))
    if len(lines) > 4:
        parts.append('<text x="%d" y="%d" fill="#8e8e8e" font-size="11">and %d more series</text>'
                     % (px + pw - 120, py + ph + 30, len(lines) - 4))
    parts.append('<text x="%d" y="%d" fill="#8e8e8e" font-size="10" text-anchor="end">%d s</text>'
                 % (px + pw, py + ph + 12, end - start))
    parts.append("</g>")
    return "\n".join(parts)


dashboard = json.load(open(dashboard_file))
svg, empty, bottom = [], [], 0
for panel in panels(dashboard):
    lines = []
    for target in panel.get("targets", []):
        if not target.get("expr"):
            continue
        for series in query(target["expr"]):
            points = [(float(t), float(v)) for t, v in series["values"]]
            lines.append((label(series, target), points))
    if not lines:
        empty.append(panel["title"])
    grid = panel["gridPos"]
    x, y = grid["x"] * CELL_W, TOP + grid["y"] * CELL_H
    w, h = grid["w"] * CELL_W, max(grid["h"] * CELL_H, 150)
    bottom = max(bottom, y + h)
    svg.append(chart(panel, lines, x, y, w, h))
    print("%-45s %2d series" % (panel["title"], len(lines)))

width = 24 * CELL_W
title = ("Panels of docs/grafana/flytrap-dashboard.json rendered from a real Prometheus by bench/grafana-panels.sh, "
         "not by Grafana")
header = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">\n'
          '<rect width="100%%" height="100%%" fill="#111217"/>\n'
          '<text x="12" y="28" fill="#d8d9da" font-size="18" font-weight="600">%s</text>\n'
          '<text x="12" y="50" fill="#8e8e8e" font-size="12">%d s of real traffic to the one-process app, scraped '
          'every second; each panel is its own PromQL through /api/v1/query_range (step %d s, $__rate_interval = 10 s)'
          '</text>\n') % (width, bottom + 10, escape(title), end - start, STEP)
with open(out, "w") as file:
    file.write(header + "\n".join(svg) + "\n</svg>\n")
print("SVG:", out)
if empty:
    print("No series for: " + "; ".join(empty), file=sys.stderr)
    sys.exit(1)
