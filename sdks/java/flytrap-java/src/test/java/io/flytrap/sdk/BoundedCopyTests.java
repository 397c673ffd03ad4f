package io.flytrap.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** App data of any shape costs a bounded copy and bounded JSON: cycles end, huge structures are cut. */
class BoundedCopyTests {

    /** An ORM-style graph: the parent lists its children, each child points back at the parent. */
    static Map<String, Object> family(int children) {
        Map<String, Object> parent = new LinkedHashMap<>();
        List<Object> kids = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            Map<String, Object> child = new LinkedHashMap<>();
            child.put("name", "child " + i);
            child.put("parent", parent);
            kids.add(child);
        }
        parent.put("name", "parent");
        parent.put("children", kids);
        return parent;
    }

    @Test
    void shouldWriteACycleOnceAsCycle() {
        Map<String, Object> parent = family(2);
        String json = Json.write(parent);
        assertThat(json).isEqualTo("{\"name\":\"parent\",\"children\":[{\"name\":\"child 0\",\"parent\":\"[cycle]\"},"
                + "{\"name\":\"child 1\",\"parent\":\"[cycle]\"}]}");
        assertThat(Json.write(BoundedCopy.scrub(parent, 0))).isEqualTo(json);
        assertThat(Json.write(BoundedCopy.snapshot(parent, 0))).isEqualTo(json);
    }

    @Test
    void shouldKeepASharedButNotCyclicValueEachTimeItAppears() {
        Map<String, Object> shared = Map.of("id", 1);
        assertThat(Json.write(BoundedCopy.scrub(List.of(shared, shared), 0))).isEqualTo("[{\"id\":1},{\"id\":1}]");
    }

    @Test
    void shouldCutAHugeStructureAtTheNodeBudget() {
        Map<String, Object> huge = new LinkedHashMap<>();
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(i);
        }
        for (int i = 0; i < 1000; i++) {
            huge.put("key " + i, thousand); // a million values
        }

        assertThat(Json.write(huge)).as("Json's own last guard").contains(BoundedCopy.TRUNCATED).hasSizeLessThan(2_000_000);
        Object copy = BoundedCopy.scrub(huge, 0);
        String json = Json.write(copy);
        assertThat(json).contains(BoundedCopy.TRUNCATED);
        assertThat(json.split(",").length).isLessThanOrEqualTo(BoundedCopy.MAX_NODES + 1);
    }

    @Test
    void shouldNotCopyDeeperThanJsonWrites() {
        Object deep = "bottom";
        for (int i = 0; i < 50; i++) {
            deep = List.of(deep);
        }
        Object copy = BoundedCopy.scrub(deep, EventBuilder.CONTEXTS_DEPTH);
        int levels = 0;
        for (Object level = copy; level instanceof List<?> list; level = list.get(0)) {
            levels++;
        }
        assertThat(levels).isEqualTo(Json.MAX_DEPTH - EventBuilder.CONTEXTS_DEPTH);
    }
}
