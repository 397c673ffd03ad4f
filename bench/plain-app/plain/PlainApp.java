package plain;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Route;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The baseline of bench/local-stack.sh: a plain Spring Boot + Vaadin application with Flytrap's starters on its class
 * path (the dashboard's runtime dependencies, same versions, without Flytrap's own jars and the embedded PostgreSQL),
 * one Vaadin view and nothing else. Spring Boot defaults throughout; the script passes only what any such app needs
 * to start at all (a database URL, a user, health probes on, production mode as the dashboard's build sets it, the
 * Vaadin packages to scan, as Flytrap has).
 */
@SpringBootApplication
public class PlainApp {

    public static void main(String[] args) {
        SpringApplication.run(PlainApp.class, args);
    }

    /** The one page. */
    @Route("")
    public static class HelloView extends VerticalLayout {
        public HelloView() {
            add(new Span("Hello"));
        }
    }
}
