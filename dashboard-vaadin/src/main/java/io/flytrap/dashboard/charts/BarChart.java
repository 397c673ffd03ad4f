package io.flytrap.dashboard.charts;

import com.vaadin.flow.component.Svg;

import java.util.List;
import java.util.Locale;

/**
 * A small bar chart drawn on the server as SVG: no chart library, no client-side code, and nothing from event
 * data in it except numbers and the labels given (which are escaped). Each bar carries a tooltip.
 */
public final class BarChart {

    private BarChart() {
    }

    /**
     * @param values one bar per value, left to right
     * @param labels one tooltip label per value, e.g. the day or hour ("Nov 20")
     * @param unit   what is counted, for the tooltips ("events")
     */
    public static Svg of(List<Long> values, List<String> labels, String unit, int width, int height, String ariaLabel) {
        if (values.size() != labels.size()) {
            throw new IllegalArgumentException("one label per value");
        }
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(0));
        int n = Math.max(1, values.size());
        double slot = (double) width / n;
        double gap = Math.min(2, slot * 0.2);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" class=\"bar-chart\">", width, height, width, height,
                escaped(ariaLabel)));
        // a baseline, so an all-zero chart still reads as a chart
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"1\" class=\"bar-chart-axis\"/>",
                height - 1, width));
        for (int i = 0; i < values.size(); i++) {
            long value = values.get(i);
            double barHeight = value == 0 ? 0 : Math.max(2, (height - 2) * (double) value / max);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar-chart-bar\"><title>%s: %d %s</title></rect>",
                    i * slot + gap / 2, height - 1 - barHeight, Math.max(1, slot - gap), barHeight,
                    escaped(labels.get(i)), value, escaped(unit)));
        }
        return new Svg(svg.append("</svg>").toString());
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
