package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;

import java.util.List;

/**
 * An event's exceptions, the outermost first, each with its stack frames most recent call first (as Sentry shows
 * them) or, when the SDK sent no frames, the raw stack as it came. All of it is event data, set as text.
 */
class StackTraces extends Composite<VerticalLayout> {

    StackTraces(List<ExceptionInfo> innermostFirst) {
        VerticalLayout content = getContent();
        content.setPadding(false);
        for (ExceptionInfo exception : innermostFirst.reversed()) {
            content.add(new H3(exception.type() == null ? "Error" : exception.type()));
            Paragraph message = new Paragraph(exception.message() == null ? "" : exception.message());
            message.setId("event-message");
            message.getStyle().set("white-space", "pre-wrap");
            content.add(message);
            if (exception.frames().isEmpty()) {
                if (exception.rawStack() != null) {
                    content.add(new Pre(exception.rawStack()));
                }
            } else {
                content.add(frames(exception.frames()));
            }
        }
    }

    private static VerticalLayout frames(List<StackFrame> callerFirst) {
        VerticalLayout list = new VerticalLayout();
        list.setId("frames");
        list.setPadding(false);
        list.setSpacing(false);
        for (StackFrame frame : callerFirst.reversed()) {
            Div row = new Div();
            row.addClassName("frame");
            if (frame.inApp()) {
                row.addClassName("in-app");
            }
            row.getStyle().set("padding", "var(--lumo-space-xs) 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)")
                    .set("width", "100%");
            Span location = new Span(location(frame));
            location.getStyle().set("font-family", "monospace");
            if (!frame.inApp()) {
                location.getStyle().set("color", "var(--lumo-secondary-text-color)");
            }
            row.add(location);
            if (!frame.context().isEmpty()) {
                // The app's own frames open with their code; library frames keep it folded until asked
                Details code = new Details("Source", new Pre(context(frame)));
                code.addClassName("frame-context");
                code.setOpened(frame.inApp());
                row.add(code);
            }
            list.add(row);
        }
        return list;
    }

    private static String location(StackFrame frame) {
        StringBuilder text = new StringBuilder();
        if (frame.function() != null) {
            text.append(frame.module() != null ? frame.module() + "." : "").append(frame.function()).append(" at ");
        }
        text.append(frame.file() == null ? "?" : frame.file());
        if (frame.line() != null) {
            text.append(':').append(frame.line());
            if (frame.column() != null) {
                text.append(':').append(frame.column());
            }
        }
        return text.toString();
    }

    private static String context(StackFrame frame) {
        StringBuilder text = new StringBuilder();
        for (SourceLine line : frame.context()) {
            boolean errorLine = frame.line() != null && line.number() == frame.line();
            text.append(errorLine ? "→ " : "  ").append(String.format("%5d  ", line.number())).append(line.code()).append('\n');
        }
        return text.toString();
    }
}
