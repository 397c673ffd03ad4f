package io.flytrap.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What setContext and breadcrumbs keep is the app's data as it was then, copied deeply: the sender thread reads it
 * later, while the app may still be changing its own nested lists and maps.
 */
class SetTimeCopyTests {

    @Test
    void shouldKeepAContextsNestedValuesAsTheyWereWhenSet() {
        Scope scope = new Scope(100);
        List<Object> items = new ArrayList<>(List.of("apple"));
        Map<String, Object> cart = new LinkedHashMap<>();
        cart.put("items", items);
        scope.setContext("cart", Map.of("cart", cart));
        Scope.Snapshot snapshot = scope.snapshot();

        items.add("pear");
        cart.put("coupon", "SPRING");

        assertThat(Json.write(snapshot.contexts())).isEqualTo("{\"cart\":{\"cart\":{\"items\":[\"apple\"]}}}");
    }

    @Test
    void shouldKeepABreadcrumbsNestedDataAsItWasWhenAdded() {
        List<Object> ids = new ArrayList<>(List.of(1, 2));
        Breadcrumb crumb = new Breadcrumb(null, "default", "batch", "loaded", Level.INFO, Map.of("ids", ids));

        ids.add(3);

        assertThat(Json.write(crumb.data())).isEqualTo("{\"ids\":[1,2]}");
    }

    @Test
    void shouldStoreOnlyPlainImmutableValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("when", new StringBuilder("then"));
        Breadcrumb crumb = new Breadcrumb(null, "default", null, null, null, Map.of("nested", nested));
        nested.put("later", "x");
        ((StringBuilder) nested.get("when")).append(" and now");

        Object stored = crumb.data().get("nested");
        assertThat(stored).isEqualTo(Map.of("when", "then"));
        assertThat(((Map<?, ?>) stored).getClass().getName()).contains("Unmodifiable");
    }

    @Test
    void shouldCopyPrimitiveArraysToo() {
        int[] quantities = {1, 2};
        Breadcrumb crumb = new Breadcrumb(null, "default", null, null, null, Map.of("quantities", quantities));
        quantities[0] = 99;

        assertThat(crumb.data().get("quantities")).isEqualTo(List.of(1, 2));
    }
}
