package io.flytrap.core.sourcemaps;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Maps made by real minifiers (esbuild and terser, from npm, run in Node by the test), read by Flytrap and by
 * Mozilla's source-map library: for every mapping (and the column after each) both must give the same answer.
 */
class SourceMapTests {

    static Path built;
    static JsonNode expected;

    @BeforeAll
    static void buildWithRealMinifiers() throws Exception {
        built = MinifiedFixtures.built();
        expected = JsonMapper.builder().build().readTree(Files.readString(built.resolve("expected.json")));
    }

    private static SourceMap map(String name) throws IOException, InvalidSourceMapException {
        return SourceMap.parse(Files.readAllBytes(built.resolve(name)));
    }

    private static void assertAgreesWithMozilla(String name) throws Exception {
        SourceMap map = map(name);
        JsonNode answers = expected.get(name);
        assertThat(answers.size()).as("positions checked in " + name).isGreaterThan(20);
        for (JsonNode answer : answers) {
            int line = answer.get("line").intValue();
            int column = answer.get("column").intValue();
            Optional<OriginalPosition> ours = map.lookup(line, column);
            String where = name + " " + line + ":" + column;
            if (answer.get("source").isNull()) {
                assertThat(ours).as(where + " maps to nothing").isEmpty();
                continue;
            }
            assertThat(ours).as(where).isPresent();
            assertThat(ours.get().source()).as(where + " source").isEqualTo(answer.get("source").stringValue());
            assertThat(ours.get().line()).as(where + " line").isEqualTo(answer.get("originalLine").intValue());
            assertThat(ours.get().column()).as(where + " column").isEqualTo(answer.get("originalColumn").intValue());
            assertThat(ours.get().name()).as(where + " name")
                    .isEqualTo(answer.get("name").isNull() ? null : answer.get("name").stringValue());
        }
    }

    @Test
    void shouldAnswerLikeMozillasLibraryForAnEsbuildBundle() throws Exception {
        assertAgreesWithMozilla("esbuild/app.min.js.map");
    }

    @Test
    void shouldAnswerLikeMozillasLibraryForTerserOutputWithAndWithoutSourcesContent() throws Exception {
        assertAgreesWithMozilla("terser/cart.min.js.map");
        assertAgreesWithMozilla("terser/format.min.js.map");

        assertThat(map("terser/cart.min.js.map").sourceContent(0)).as("terser was told not to include sources").isNull();
        assertThat(map("terser/format.min.js.map").sourceContent(0)).contains("export function formatPrice(amount)");
    }

    @Test
    void shouldLeadTheThrowingFrameOfARealStackBackToTheOriginalLine() throws Exception {
        String stack = JsonMapper.builder().build().readTree(Files.readString(built.resolve("stack.json"))).get("stack").stringValue();
        // "at c (/…/app.min.js:1:101)": V8 columns are 1-based, source map columns 0-based
        String top = stack.lines().filter(l -> l.contains("app.min.js")).findFirst().orElseThrow();
        String[] position = top.substring(top.indexOf("app.min.js:") + "app.min.js:".length(), top.lastIndexOf(')')).split(":");

        OriginalPosition original = map("esbuild/app.min.js.map")
                .lookup(Integer.parseInt(position[0]), Integer.parseInt(position[1]) - 1).orElseThrow();

        assertThat(original.source()).endsWith("src/cart.js");
        assertThat(original.line()).as("the throw statement in priceOf").isEqualTo(11);
        assertThat(map("esbuild/app.min.js.map").sourceContent(original.sourceIndex()).lines().toList().get(original.line() - 1))
                .contains("throw new TypeError('item ' + item.name + ' has no price')");
    }

    @Test
    void shouldRefuseCorruptMapsWithAReason() throws Exception {
        byte[] good = Files.readAllBytes(built.resolve("esbuild/app.min.js.map"));
        assertThatThrownBy(() -> SourceMap.parse(Arrays.copyOf(good, good.length / 2)))
                .isInstanceOf(InvalidSourceMapException.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> SourceMap.parse("[]".getBytes())).isInstanceOf(InvalidSourceMapException.class);
        assertThatThrownBy(() -> SourceMap.parse("{\"version\": 2, \"mappings\": \"\"}".getBytes()))
                .hasMessageContaining("version 3");
        assertThatThrownBy(() -> SourceMap.parse("{\"version\": 3, \"sources\": [\"a.js\"], \"mappings\": \"AAAA*\"}".getBytes()))
                .hasMessageContaining("unexpected character");
        assertThatThrownBy(() -> SourceMap.parse("{\"version\": 3, \"sources\": [], \"mappings\": \"AAAA\"}".getBytes()))
                .as("a segment pointing at a source the map does not have").hasMessageContaining("outside");
        assertThatThrownBy(() -> SourceMap.parse("{\"version\": 3, \"sources\": [\"a.js\"], \"mappings\": \"AAAAg\"}".getBytes()))
                .as("a number cut off").hasMessageContaining("inside a number");
    }

    @Test
    void shouldAnswerNothingOutsideTheMap() throws Exception {
        SourceMap map = map("esbuild/app.min.js.map");
        assertThat(map.lookup(0, 0)).isEmpty();
        assertThat(map.lookup(1, -1)).isEmpty();
        assertThat(map.lookup(5_000, 0)).isEmpty();
        assertThat(map.segmentCount()).isPositive();
    }
}
