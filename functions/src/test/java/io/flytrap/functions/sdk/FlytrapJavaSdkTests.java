package io.flytrap.functions.sdk;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.StackFrame;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.functions.sdk.sample.SampleShopApplication;
import io.flytrap.sdk.Flytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flytrap's own Java SDK through its Spring Boot starter, in a sample Spring Boot app on its own port with nothing
 * but properties: its failing endpoint, called over real HTTP, becomes an issue in the running Flytrap whose frames
 * say which code is the app's; a 404 and a refused request do not.
 */
class FlytrapJavaSdkTests extends RunningFlytrap {

    @Test
    void shouldTurnTheSampleAppsFailingEndpointIntoAnIssueAndIgnoreItsAnswers() throws Exception {
        QueuedEvents.deleteAll(jdbc);
        Caller owner = TestAccounts.member(users, "flytrap-java");
        CreatedProject project = projects.create(owner, "Shop API", "java");
        String dsn = dsn(project);

        int status404;
        int status400;
        int status500;
        try (ConfigurableApplicationContext shop = new SpringApplicationBuilder(SampleShopApplication.class)
                .web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--spring.main.register-shutdown-hook=false", "--flytrap.dsn=" + dsn,
                        "--flytrap.release=shop@2.0.1", "--flytrap.environment=production",
                        "--flytrap.in-app-packages=io.flytrap.functions.sdk.sample",
                        "--flytrap.uncaught-exception-handler=false")) {
            int shopPort = ((WebServerApplicationContext) shop).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            status404 = get(http, shopPort, "/no-such-page");
            status400 = get(http, shopPort, "/orders/abc");
            status500 = get(http, shopPort, "/orders/42/ship?coupon=X1");
            assertThat(Flytrap.flush(Duration.ofSeconds(10))).as("the sample app's SDK sent what it captured").isTrue();
        }
        assertThat(List.of(status404, status400, status500)).containsExactly(404, 400, 500);
        assertThat(Flytrap.isEnabled()).as("closed with the sample app").isFalse();

        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("one event: the 500; not the 404, not the 400").isEqualTo(1);
        drain();

        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.title()).isEqualTo("IllegalStateException: order 42 has no shipping address");
            assertThat(issue.culprit()).isEqualTo("shipment in io.flytrap.functions.sdk.sample.OrderController");
            assertThat(issue.unhandled()).isTrue();
        });
        Event event = events.event(owner, list.get(0).id(), null).orElseThrow().event();
        assertThat(event.release()).isEqualTo("shop@2.0.1");
        assertThat(event.environment()).isEqualTo("production");
        assertThat(event.sdk().name()).isEqualTo("flytrap.java");
        assertThat(event.platform()).isEqualTo("java");
        assertThat(event.request().method()).isEqualTo("GET");
        assertThat(event.request().url()).matches("http://(127\\.0\\.0\\.1|localhost):\\d+/orders/42/ship\\?coupon=X1");
        assertThat(event.request().headers().keySet()).map(String::toLowerCase)
                .contains("user-agent").doesNotContain("authorization", "cookie");
        assertThat(event.tags()).containsEntry("route", "/orders/{id}/ship");

        List<StackFrame> frames = event.primaryException().frames();
        assertThat(frames).filteredOn(StackFrame::inApp).extracting(StackFrame::module)
                .as("only the sample's own frames are the app's").isNotEmpty()
                .allMatch(module -> module.startsWith("io.flytrap.functions.sdk.sample."));
        StackFrame thrower = frames.get(frames.size() - 1);
        assertThat(thrower.function()).isEqualTo("shipment");
        assertThat(thrower.context()).as("code context from the sample's source file")
                .anySatisfy(line -> assertThat(line.code()).contains("has no shipping address"));
        assertThat(frames).filteredOn(frame -> frame.module() != null && frame.module().startsWith("org.apache.catalina"))
                .isNotEmpty().allSatisfy(frame -> assertThat(frame.inApp()).isFalse());
    }

    private static int get(HttpClient http, int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer customer-secret").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
