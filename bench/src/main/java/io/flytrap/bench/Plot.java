package io.flytrap.bench;

import java.util.Locale;

/** Small SVG charts (lines over a logarithmic x axis, grouped bars), so benchmarks can draw their results without a plotting stack. */
final class Plot {

    private static final String[] COLORS = {"#8a8f98", "#1f6feb", "#d9480f", "#2b8a3e"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private Plot() {
    }

    /** {@code values[i][series]} is the value of each series at {@code xs[i]}. */
    static String lines(String title, String xLabel, String yLabel, int[] xs, double[][] values, String[] series) {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double yMax = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double logMin = Math.log(xs[0]);
        double logSpan = Math.max(Math.log(xs[xs.length - 1]) - logMin, 1e-9);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n", WIDTH, HEIGHT));
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='24' font-size='14' font-weight='bold'>%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e5e5e5'/>%n", LEFT, WIDTH - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f</text>%n", LEFT - 6, y + 4, value));
        }
        double[] px = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            px[i] = LEFT + plotWidth * (Math.log(xs[i]) - logMin) / logSpan;
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n", px[i], HEIGHT - BOTTOM + 18, xs[i]));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n", LEFT + plotWidth / 2, HEIGHT - 16, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform='translate(16 %.1f) rotate(-90)' text-anchor='middle'>%s</text>%n", TOP + plotHeight / 2, escape(yLabel)));
        for (int s = 0; s < series.length; s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                double y = TOP + plotHeight - plotHeight * values[i][s] / yMax;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px[i], y));
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>%n", px[i], y, COLORS[s % COLORS.length]));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n", COLORS[s % COLORS.length], points.toString().strip()));
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='3' fill='%s'/><text x='%d' y='%d'>%s</text>%n",
                    LEFT + 10, TOP + 8 + s * 16, COLORS[s % COLORS.length], LEFT + 28, TOP + 12 + s * 16, escape(series[s])));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Grouped bars: {@code values[series][group]}, one group per label, one bar per series in each group. */
    static String bars(String title, String yLabel, String[] groups, String[] series, double[][] values) {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double yMax = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double groupWidth = plotWidth / groups.length;
        double barWidth = groupWidth * 0.8 / series.length;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n", WIDTH, HEIGHT));
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='24' font-size='14' font-weight='bold'>%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e5e5e5'/>%n", LEFT, WIDTH - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f</text>%n", LEFT - 6, y + 4, yMax * i / 4));
        }
        svg.append(String.format(Locale.ROOT, "<text transform='translate(16 %.1f) rotate(-90)' text-anchor='middle'>%s</text>%n", TOP + plotHeight / 2, escape(yLabel)));
        for (int g = 0; g < groups.length; g++) {
            double groupLeft = LEFT + groupWidth * g + groupWidth * 0.1;
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n", LEFT + groupWidth * (g + 0.5), HEIGHT - BOTTOM + 18, escape(groups[g])));
            for (int s = 0; s < series.length; s++) {
                double height = plotHeight * values[s][g] / yMax;
                double x = groupLeft + barWidth * s;
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>%n", x, TOP + plotHeight - height, barWidth - 2, height, COLORS[(s + 1) % COLORS.length]));
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='10'>%.0f</text>%n", x + barWidth / 2 - 1, TOP + plotHeight - height - 3, values[s][g]));
            }
        }
        for (int s = 0; s < series.length; s++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='8' fill='%s'/><text x='%d' y='%d'>%s</text>%n",
                    LEFT + 10 + s * 190, HEIGHT - 22, COLORS[(s + 1) % COLORS.length], LEFT + 26 + s * 190, HEIGHT - 14, escape(series[s])));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
