package io.flytrap.bench.engine;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

@RestController
class BenchEndpoints {

    private final JsonMapper json = JsonMapper.builder().build();
    private final JdbcClient jdbc;

    BenchEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The ceiling: read the same body, parse the same JSON, answer 200 — no key check, no queue, no disk. */
    @PostMapping("/bench/parse-only")
    Map<String, String> parseOnly(HttpServletRequest request) throws IOException {
        json.readTree(request.getInputStream().readAllBytes());
        return Map.of("id", UUID.randomUUID().toString());
    }

    @GetMapping("/bench/queued")
    Map<String, Long> queued() {
        return Map.of("queued", jdbc.sql("select (select count(*) from event_queue) + (select coalesce(sum(event_count), 0) from queue_batches)").query(Long.class).single());
    }
}
