package io.flytrap.sdk.testing;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's native protocol schema (docs/protocol/event-v1.schema.json), found from any module directory. */
public final class ProtocolSchema {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static Schema schema;

    private ProtocolSchema() {
    }

    public static JsonNode read(byte[] json) {
        return MAPPER.readTree(json);
    }

    public static List<String> validate(JsonNode json) {
        return schema().validate(json).stream().map(Object::toString).toList();
    }

    private static synchronized Schema schema() {
        if (schema == null) {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.isRegularFile(dir.resolve("docs/protocol/event-v1.schema.json"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("docs/protocol/event-v1.schema.json not found above " + Path.of("").toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(dir.resolve("docs/protocol/event-v1.schema.json"))) {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
        return schema;
    }
}
