package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.ActivityQueries;
import io.flytrap.dashboard.charts.BarChart;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** An issue's occurrences over the last 24 hours (per hour) and 14 days (per day), drawn on the server. */
class OccurrenceCharts extends Composite<HorizontalLayout> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE HH:00 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    OccurrenceCharts(ActivityQueries activity, Clock clock, Caller caller, long issueId) {
        Instant now = clock.instant();
        List<Long> hourly = activity.hourlyOccurrences(caller, issueId);
        List<String> hours = labels(now.truncatedTo(ChronoUnit.HOURS), hourly.size(), ChronoUnit.HOURS, HOUR);
        List<Long> daily = activity.dailyOccurrences(caller, issueId);
        List<String> days = labels(now.truncatedTo(ChronoUnit.DAYS), daily.size(), ChronoUnit.DAYS, DAY);
        Div last24 = new Div(caption("Last 24 hours"), BarChart.of(hourly, hours, "events", 288, 48, "Events per hour, last 24 hours"));
        Div last14 = new Div(caption("Last 14 days"), BarChart.of(daily, days, "events", 288, 48, "Events per day, last 14 days"));
        HorizontalLayout charts = getContent();
        charts.add(last24, last14);
        charts.setId("occurrences");
        charts.setWrap(true);
    }

    /** One label per bar, the last bar being the current hour or day. */
    private static List<String> labels(Instant current, int bars, ChronoUnit unit, DateTimeFormatter format) {
        Instant first = current.minus(bars - 1L, unit);
        return IntStream.range(0, bars).mapToObj(i -> format.format(first.plus(i, unit))).toList();
    }

    private static Span caption(String text) {
        Span caption = new Span(text);
        caption.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)")
                .set("color", "var(--lumo-secondary-text-color)");
        return caption;
    }
}
