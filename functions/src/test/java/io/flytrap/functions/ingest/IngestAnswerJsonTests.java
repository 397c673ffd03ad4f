package io.flytrap.functions.ingest;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every accepted event's answer body, {"id": "<id>"}, is written without the JSON writer (issue #24). It must be the
 * writer's bytes exactly, and an id that would need escaping must never be written raw: such bodies go to the writer.
 */
class IngestAnswerJsonTests {

    private final JsonMapper writer = JsonMapper.builder().build();
    private final IngestHttpHandler handler = new IngestHttpHandler(null);

    @Test
    void shouldWriteTheBytesTheJsonWriterWould() {
        UUID id = UUID.randomUUID();
        Map<String, Object> partly = new LinkedHashMap<>();
        partly.put("error", "rate limit exceeded");
        partly.put("accepted", List.of(id.toString()));
        List<Map<String, ?>> bodies = List.of(
                Map.of("id", id.toString()),
                Map.of("id", id.toString().replace("-", "")),
                Map.of("id", id.toString().toUpperCase()),
                Map.of("id", ""),
                Map.of("id", "a\"b"),
                Map.of("id", "back\\slash"),
                Map.of("id", "</script>"),
                Map.of("id", "é"),
                Map.of("id", "line\nbreak"),
                Map.of("id", "\u0000"),
                Map.of("id", 42),
                Map.of("ID", id.toString()),
                Map.of(),
                Map.of("error", "missing, unknown or revoked key"),
                partly);

        for (Map<String, ?> body : bodies) {
            assertThat(handler.json(body)).as("%s", body).isEqualTo(writer.writeValueAsBytes(body));
        }
    }
}
