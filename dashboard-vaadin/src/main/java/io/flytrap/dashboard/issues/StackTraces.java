package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
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

import java.util.ArrayList;
import java.util.List;

/**
 * An event's exceptions, the outermost first, each with its stack frames most recent call first (as Sentry shows
 * them) or, when the SDK sent no frames, the raw stack as it came. As in Sentry, only the app's own frames show
 * while there are any; "Full stack" shows the library frames too. All of it is event data, set as text.
 */
class StackTraces extends Composite<VerticalLayout> {

    /** Library frames: hidden while only the app's frames are shown. */
    private final List<Div> libraryFrames = new ArrayList<>();

    StackTraces(List<ExceptionInfo> innermostFirst) {
        VerticalLayout content = getContent();
        content.setPadding(false);
        boolean anyInApp = innermostFirst.stream().anyMatch(e -> e.frames().stream().anyMatch(StackFrame::inApp));
        Checkbox fullStack = new Checkbox("Full stack", !anyInApp);
        fullStack.setId("full-stack");
        fullStack.setEnabled(anyInApp); // without app frames everything shows anyway
        fullStack.addValueChangeListener(changed -> libraryFrames.forEach(frame -> frame.setVisible(changed.getValue())));
        content.add(fullStack);
        for (ExceptionInfo exception : innermostFirst.reversed()) {
            content.add(new H3(exception.type() == null ? "Error" : exception.type()));
            Paragraph message = new Paragraph(exception.message() == null ? "" : exception.message());
            message.setId("event-message");
            message.getStyle().set("white-space", "pre-wrap");
            content.add(message);
            if (exception.frames().isEmpty()) {
                if (exception.rawStack() != null) {
                    Pre raw = new Pre(exception.rawStack());
                    raw.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
                    content.add(raw);
                }
            } else {
                content.add(frames(exception.frames()));
            }
        }
        libraryFrames.forEach(frame -> frame.setVisible(fullStack.getValue()));
    }

    private VerticalLayout frames(List<StackFrame> callerFirst) {
        VerticalLayout list = new VerticalLayout();
        list.setId("frames");
        list.setPadding(false);
        list.setSpacing(false);
        for (StackFrame frame : callerFirst.reversed()) {
            Div row = new Div();
            row.addClassName("frame");
            if (frame.inApp()) {
                row.addClassName("in-app");
            } else {
                libraryFrames.add(row);
            }
            row.getStyle().set("padding", "var(--lumo-space-xs) 0").set("border-bottom", "1px solid var(--lumo-contrast-10pct)")
                    .set("width", "100%");
            Span location = new Span(location(frame));
            // long paths and URLs wrap instead of being clipped at the page edge
            location.getStyle().set("font-family", "monospace").set("overflow-wrap", "anywhere");
            if (!frame.inApp()) {
                location.getStyle().set("color", "var(--lumo-secondary-text-color)");
            }
            row.add(location);
            if (!frame.context().isEmpty()) {
                // The app's own frames open with their code; library frames keep it folded until asked
                Pre source = new Pre(context(frame));
                source.getStyle().set("overflow-x", "auto").set("max-width", "100%");
                Details code = new Details("Source", source);
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
