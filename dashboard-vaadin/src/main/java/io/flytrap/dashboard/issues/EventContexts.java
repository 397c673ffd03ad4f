package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything the SDK said about where the event happened: browser, OS, runtime, device, app, then any other context. */
class EventContexts extends Composite<Div> {

    /** The contexts people look at first, in this order; the rest follow by name. */
    private static final List<String> FIRST = List.of("browser", "os", "runtime", "device", "app");

    EventContexts(Map<String, Map<String, Object>> contexts) {
        Div content = getContent();
        content.setId("event-contexts");
        content.add(new H3("Contexts"));
        List<String> names = new ArrayList<>(FIRST.stream().filter(contexts::containsKey).toList());
        contexts.keySet().stream().filter(name -> !FIRST.contains(name)).sorted().forEach(names::add);
        for (String name : names) {
            Map<String, Object> values = contexts.get(name);
            if (values == null || values.isEmpty()) {
                continue;
            }
            H4 title = new H4(name);
            title.getStyle().set("overflow-wrap", "anywhere");
            Div context = new Div(title, KeyValueTable.of(values));
            context.addClassName("context");
            context.setId("context-" + name.replaceAll("[^A-Za-z0-9_-]", "_"));
            content.add(context);
        }
    }
}
