package io.flytrap.dashboard.api;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.FuzzClient;
import io.flytrap.testsupport.HostileInputs;
import io.flytrap.testsupport.IngestFuzzing;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz corpus (HostileInputs) against the one-process app: every management endpoint with hostile bodies,
 * query parameters and path ids, and every ingest route as in the functions container. No answer may be a 5xx or
 * HTML, nor anything but JSON; every event an answer called accepted must be stored (issue #19, item 4). The
 * budget of refused ingest requests is off, as the corpus is hundreds of refusals from one address.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false",
                "flytrap.ingest.failure-budget.per-address-per-minute=0", "flytrap.ingest.failure-budget.per-key-per-minute=0"})
@UsesTestDatabase
class ApiFuzzCorpusTests {

    /** Every field name a management request body has, set all at once to each hostile value. */
    static final List<String> FIELDS = List.of("name", "platform", "label", "rateLimitPerMinute", "email", "password",
            "role", "disabled", "currentPassword", "newPassword", "status", "inRelease", "ignoreMinutes", "ignoreEvents",
            "kind", "url", "enabled", "emailAlerts", "include", "exclude", "scrubData", "scrubIpAddresses",
            "retentionDays", "version", "projects", "dateStarted", "dateReleased", "dateFinished", "commits", "environment",
            "checksum", "chunks", "dist", "threshold", "windowMinutes", "channelIds", "type", "ref", "refs",
            "inNextRelease", "text", "ids", "all", "template");

    /** Reading endpoints, then changing ones, then those that delete or end things (last, so the rest still run). */
    static final List<String[]> READS = List.of(
            new String[]{"GET", "/api/v1/projects"}, new String[]{"GET", "/api/v1/projects/{p}"},
            new String[]{"GET", "/api/v1/projects/{p}/settings"}, new String[]{"GET", "/api/v1/projects/{p}/in-app-rules"},
            new String[]{"GET", "/api/v1/projects/{p}/tracker-template"},
            new String[]{"GET", "/api/v1/projects/{p}/keys"}, new String[]{"GET", "/api/v1/projects/{p}/members"},
            new String[]{"GET", "/api/v1/audit"}, new String[]{"GET", "/api/v1/users"},
            new String[]{"GET", "/api/v1/projects/{p}/issues"}, new String[]{"GET", "/api/v1/issues/{i}"},
            new String[]{"GET", "/api/v1/issues/{i}/events/latest"}, new String[]{"GET", "/api/v1/issues/{i}/events/{e}"},
            new String[]{"GET", "/api/v1/issues/{i}/facets"}, new String[]{"GET", "/api/v1/issues/{i}/comments"},
            new String[]{"GET", "/api/v1/projects/{p}/alert-rules"},
            new String[]{"GET", "/api/v1/projects/{p}/alert-channels"}, new String[]{"GET", "/api/v1/projects/{p}/notifications"},
            new String[]{"GET", "/api/v1/projects/{p}/tokens"}, new String[]{"GET", "/api/v1/projects/{p}/artifacts"},
            new String[]{"GET", "/api/0/organizations/flytrap/releases/"}, new String[]{"GET", "/api/0/projects/flytrap/{n}/releases/"},
            new String[]{"GET", "/api/0/organizations/flytrap/releases/{v}/"}, new String[]{"GET", "/api/0/projects/flytrap/{n}/releases/{v}/"},
            new String[]{"GET", "/api/0/organizations/flytrap/releases/{v}/commits/"},
            new String[]{"GET", "/api/0/organizations/flytrap/releases/{v}/previous-with-commits/"},
            new String[]{"GET", "/api/0/organizations/flytrap/repos/"}, new String[]{"GET", "/api/0/organizations/flytrap/releases/{v}/deploys/"},
            new String[]{"GET", "/api/0/organizations/flytrap/chunk-upload/"}, new String[]{"GET", "/api/v1/openapi.json"},
            new String[]{"GET", "/api/v1/dead-letters"});
    static final List<String[]> CHANGES = List.of(
            new String[]{"POST", "/api/v1/projects"}, new String[]{"PUT", "/api/v1/projects/{p}/settings"},
            new String[]{"PUT", "/api/v1/projects/{p}/in-app-rules"}, new String[]{"POST", "/api/v1/projects/{p}/keys"},
            new String[]{"PUT", "/api/v1/projects/{p}/tracker-template"},
            new String[]{"PATCH", "/api/v1/projects/{p}/keys/{k}"}, new String[]{"POST", "/api/v1/projects/{p}/members"},
            new String[]{"PUT", "/api/v1/projects/{p}/members/me/alerts"}, new String[]{"POST", "/api/v1/users"},
            new String[]{"PATCH", "/api/v1/users/{u}"}, new String[]{"POST", "/api/v1/users/{u}/password-reset"},
            new String[]{"PATCH", "/api/v1/issues/{i}"}, new String[]{"POST", "/api/v1/issues/{i}/comments"},
            new String[]{"POST", "/api/v1/projects/{p}/alert-rules"},
            new String[]{"PATCH", "/api/v1/projects/{p}/alert-rules/1"}, new String[]{"POST", "/api/v1/projects/{p}/alert-channels"},
            new String[]{"PATCH", "/api/v1/projects/{p}/alert-channels/1"}, new String[]{"POST", "/api/v1/projects/{p}/alert-channels/1/test"},
            new String[]{"POST", "/api/v1/projects/{p}/notifications/1/retry"}, new String[]{"POST", "/api/v1/projects/{p}/tokens"},
            new String[]{"POST", "/api/v1/tokens"}, new String[]{"POST", "/api/v1/projects/{p}/artifacts"},
            new String[]{"POST", "/api/0/organizations/flytrap/releases/"}, new String[]{"POST", "/api/0/projects/flytrap/{n}/releases/"},
            new String[]{"PUT", "/api/0/organizations/flytrap/releases/{v}/"}, new String[]{"PUT", "/api/0/projects/flytrap/{n}/releases/{v}/"},
            new String[]{"POST", "/api/0/organizations/flytrap/releases/{v}/deploys/"},
            new String[]{"POST", "/api/0/organizations/flytrap/chunk-upload/"},
            new String[]{"POST", "/api/0/organizations/flytrap/artifactbundle/assemble/"},
            new String[]{"POST", "/api/v1/dead-letters/replay"});
    static final List<String[]> ENDINGS = List.of(
            new String[]{"PUT", "/api/v1/account/password"}, new String[]{"POST", "/api/v1/projects/{p}/keys/{k}/rotate"},
            new String[]{"DELETE", "/api/v1/projects/{p}/alert-rules/1"}, new String[]{"DELETE", "/api/v1/projects/{p}/alert-channels/1"},
            new String[]{"DELETE", "/api/v1/projects/{p}/tokens/1"}, new String[]{"DELETE", "/api/v1/projects/{p}/artifacts/1"},
            new String[]{"DELETE", "/api/v1/projects/{p}/members/{u}"}, new String[]{"DELETE", "/api/v1/projects/{p}/keys/{k}"},
            new String[]{"DELETE", "/api/v1/issues/{i}/comments/1"},
            new String[]{"DELETE", "/api/v1/issues/{i}"}, new String[]{"DELETE", "/api/v1/dead-letters/{i}"},
            new String[]{"DELETE", "/api/v1/projects/{p}"});

    static final List<String> QUERIES = List.of("?limit=-1", "?limit=99999999999", "?limit=abc&offset=-5",
            "?offset=2147483647&limit=2147483647", "?sort=%27%3Bdrop", "?period=%00", "?status=bogus&level=bogus&unhandled=maybe",
            "?query=" + "q".repeat(5000), "?query=%ff%fe", "?environment=%E2%80%AE&release=%5Cu0000&browser=%3Cscript%3E",
            "?kind=bogus&state=bogus&project=%00", "?os=" + "%00".repeat(3), "?device=a&device=b&device=%0a");
    static final List<String> IDS = List.of("0", "-1", "99999999999999999999", "abc", "%20", "1.5", "%2e%2e", "%ff");

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldAnswerEveryHostileManagementRequestInJsonWithoutA5xx() {
        var admin = users.create("fuzz-" + UUID.randomUUID() + "@example.com", "a long test password", Role.ADMIN);
        var other = users.create("fuzz-other-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        String token = tokens.issue(admin.id(), "fuzz").token();
        CreatedProject project = projects.create(admin.asCaller(), "Fuzz " + UUID.randomUUID().toString().substring(0, 6), "node");
        FuzzClient client = new FuzzClient(port);
        Map<String, String> json = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        client.send("a release to aim at", "POST", "/api/0/organizations/flytrap/releases/", json,
                HostileInputs.utf8("{\"version\":\"fuzz-1.0\",\"projects\":[\"" + project.project().name() + "\"]}"));
        client.send("an issue to aim at", "POST", "/api/" + project.project().id() + "/store/",
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey()),
                HostileInputs.utf8("{\"message\":\"fuzz target\",\"event_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\"}"));
        worker.drainOnce();
        long issueId = jdbc.sql("select id from issues where project_id = ?").param(project.project().id()).query(Long.class).single();
        UUID eventId = jdbc.sql("select event_id from events where issue_id = ?").param(issueId).query(UUID.class).single();
        Map<String, String> ids = Map.of("{p}", Long.toString(project.project().id()), "{k}", Long.toString(project.key().id()),
                "{i}", Long.toString(issueId), "{e}", eventId.toString(), "{u}", Long.toString(other.id()),
                "{v}", "fuzz-1.0", "{n}", project.project().name().replace(" ", "%20"));

        // The malformed bodies, and each hostile value in every field at once; a bare hostile value as the whole
        // body takes the same path as the first, "not a JSON object", so it is left out to keep the run short
        List<byte[]> bodies = new ArrayList<>();
        HostileInputs.bodies().forEach((name, body) -> {
            if (!name.startsWith("json ")) {
                bodies.add(body);
            }
        });
        HostileInputs.jsonValues().values().forEach(value -> bodies.add(HostileInputs.utf8(HostileInputs.objectWithEvery(FIELDS, value))));
        for (String[] endpoint : READS) {
            String path = fill(endpoint[1], ids);
            for (String query : QUERIES) {
                client.send("query", endpoint[0], path + query, json, null);
            }
            sendWithHostileIds(client, endpoint, json);
        }
        for (List<String[]> endpoints : List.of(CHANGES, ENDINGS)) {
            for (String[] endpoint : endpoints) {
                String path = fill(endpoint[1], ids);
                for (byte[] body : bodies) {
                    client.send("body", endpoint[0], path, json, body);
                }
                client.send("no content type", endpoint[0], path, Map.of("Authorization", "Bearer " + token), HostileInputs.utf8("{}"));
                client.send("multipart garbage", endpoint[0], path, Map.of("Authorization", "Bearer " + token,
                        "Content-Type", "multipart/form-data; boundary=zz"), HostileInputs.utf8("--zz\r\nbroken"));
                sendWithHostileIds(client, endpoint, json);
            }
        }
        client.send("bad token", "GET", "/api/v1/projects", Map.of("Authorization", "Bearer %%%"), null);
        client.send("not bearer", "GET", "/api/v1/projects", Map.of("Authorization", "Basic Zm9vOmJhcg=="), null);

        assertThat(client.sent()).as("the corpus ran").isGreaterThan(2000);
        assertThat(client.violations()).as(client.violations().size() + " of " + client.sent() + " answers broke the rules")
                .isEmpty();
    }

    @Test
    void shouldAnswerEveryHostileIngestRequestOfTheOneProcessAppWithoutA5xxOrHtmlAndStoreEveryAcceptedEvent() {
        var owner = users.create("fuzz-ingest-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        CreatedProject project = projects.create(owner.asCaller(), "Fuzz ingest " + UUID.randomUUID().toString().substring(0, 6), "node");
        FuzzClient client = new FuzzClient(port);

        IngestFuzzing.sendCorpus(client, project.project().id(), project.key().publicKey());
        while (worker.drainOnce() > 0) {
            // process everything accepted
        }

        assertThat(client.violations()).as(client.violations().size() + " of " + client.sent() + " answers broke the rules")
                .isEmpty();
        assertThat(client.acceptedEventIds()).hasSizeGreaterThan(50);
        assertThat(jdbc.sql("select event_id from events where project_id = ?").param(project.project().id()).query(UUID.class).list())
                .as("every accepted event is stored").containsAll(client.acceptedEventIds());
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("nothing left failing in the queue or dead").isZero();
    }

    private static void sendWithHostileIds(FuzzClient client, String[] endpoint, Map<String, String> json) {
        if (!endpoint[1].contains("{")) {
            return;
        }
        for (String id : IDS) {
            client.send("path id " + id, endpoint[0], endpoint[1].replaceAll("\\{[a-z]}", id), json,
                    endpoint[0].equals("GET") || endpoint[0].equals("DELETE") ? null : HostileInputs.utf8("{}"));
        }
    }

    private static String fill(String template, Map<String, String> ids) {
        String path = template;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace(id.getKey(), id.getValue());
        }
        return path;
    }
}
