package io.flytrap.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an integration knows about a capture beyond the exception: how it was caught (mechanism, handled), the
 * request it happened in, extra tags, a user, breadcrumbs of this event only. Immutable; build one with {@link #builder()}.
 */
public final class EventHint {

    static final EventHint NONE = builder().build();
    /** As many as an event carries; an integration adding one per signal must not grow a hint without end. */
    public static final int MAX_BREADCRUMBS = 100;

    private final String mechanism;
    private final boolean handled;
    private final Level level;
    private final RequestInfo request;
    private final User user;
    private final Map<String, String> tags;
    private final List<String> fingerprint;
    private final List<Breadcrumb> breadcrumbs;

    private EventHint(Builder builder) {
        this.mechanism = builder.mechanism;
        this.handled = builder.handled;
        this.level = builder.level;
        this.request = builder.request;
        this.user = builder.user;
        this.tags = builder.tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(builder.tags));
        this.fingerprint = builder.fingerprint == null ? List.of() : List.copyOf(builder.fingerprint);
        this.breadcrumbs = List.copyOf(builder.breadcrumbs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the error was caught ("generic" when the app called captureException itself). */
    public String mechanism() {
        return mechanism;
    }

    /** False when no application code caught the error (it reached a framework's or the JVM's last resort). */
    public boolean handled() {
        return handled;
    }

    /** The event's level, or null for the default (error for exceptions). */
    public Level level() {
        return level;
    }

    public RequestInfo request() {
        return request;
    }

    public User user() {
        return user;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public List<String> fingerprint() {
        return fingerprint;
    }

    /** Sent after the scope's breadcrumbs, with this event only. */
    public List<Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }

    public static final class Builder {
        private String mechanism = "generic";
        private boolean handled = true;
        private Level level;
        private RequestInfo request;
        private User user;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private List<String> fingerprint;
        private final List<Breadcrumb> breadcrumbs = new ArrayList<>();

        private Builder() {
        }

        public Builder mechanism(String type, boolean handled) {
            this.mechanism = type == null ? "generic" : type;
            this.handled = handled;
            return this;
        }

        public Builder level(Level level) {
            this.level = level;
            return this;
        }

        public Builder request(RequestInfo request) {
            this.request = request;
            return this;
        }

        /** Fills only the fields the scope's user (Flytrap.setUser) leaves empty: the app's word wins. */
        public Builder user(User user) {
            this.user = user;
            return this;
        }

        public Builder tag(String key, String value) {
            if (key != null) {
                tags.put(key, value);
            }
            return this;
        }

        /** Your own grouping; "{{ default }}" stands for Flytrap's. */
        public Builder fingerprint(List<String> fingerprint) {
            this.fingerprint = fingerprint;
            return this;
        }

        /**
         * A breadcrumb for this event only, never stored in a scope: how an integration whose work hops between
         * threads (WebFlux) gives an event its own request's breadcrumbs without sharing them with others.
         */
        public Builder breadcrumb(Breadcrumb breadcrumb) {
            if (breadcrumb != null) {
                if (breadcrumbs.size() == MAX_BREADCRUMBS) {
                    breadcrumbs.remove(0); // the newest are the ones that explain the event
                }
                breadcrumbs.add(breadcrumb);
            }
            return this;
        }

        public EventHint build() {
            return new EventHint(this);
        }
    }
}
