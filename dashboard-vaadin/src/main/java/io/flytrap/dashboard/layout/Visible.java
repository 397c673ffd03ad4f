package io.flytrap.dashboard.layout;

import com.vaadin.flow.router.NotFoundException;

import java.util.function.Supplier;

/**
 * Loads what a route shows through a core service (which checks membership); when the service says "not found"
 * — missing, or not the caller's to see — the router shows its not-found page, so a URL reveals nothing.
 */
public final class Visible {

    private Visible() {
    }

    public static <T> T orNotFound(Supplier<T> load) {
        try {
            return load.get();
        } catch (io.flytrap.core.access.NotFoundException hidden) {
            throw new NotFoundException();
        }
    }
}
