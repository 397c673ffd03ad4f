package io.flytrap.dashboard.sdk;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** Endpoint, project id, key, DSN and a curl command, each with a copy button. */
public class SdkSettingsPanel extends VerticalLayout {

    public SdkSettingsPanel(SdkSettings settings) {
        setPadding(false);
        setSpacing(false);
        add(row("Endpoint", settings.endpoint(), "sdk-endpoint"),
                row("Project id", Long.toString(settings.projectId()), "sdk-project-id"),
                row("API key (x-api-key)", settings.apiKey(), "sdk-api-key"),
                row("Sentry DSN", settings.dsn(), "sdk-dsn"));
        Pre curl = new Pre(settings.curlExample());
        curl.setId("sdk-curl");
        curl.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all")
                .set("font-size", "var(--lumo-font-size-s)");
        add(new Span("Send a test error:"), curl, copyButton("Copy curl command", settings.curlExample()));
    }

    private static HorizontalLayout row(String label, String value, String id) {
        Span name = new Span(label);
        name.setWidth("11em");
        name.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Span text = new Span(value);
        text.setId(id);
        text.getStyle().set("font-family", "monospace").set("word-break", "break-all");
        HorizontalLayout row = new HorizontalLayout(name, text, copyButton("Copy", value));
        row.setAlignItems(Alignment.CENTER);
        return row;
    }

    private static Button copyButton(String caption, String value) {
        Button copy = new Button(caption);
        copy.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        // The value is passed as an argument, never concatenated into script source
        copy.addClickListener(click -> copy.getElement().executeJs("navigator.clipboard.writeText($0)", value));
        return copy;
    }
}
