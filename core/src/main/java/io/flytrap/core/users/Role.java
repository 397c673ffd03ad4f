package io.flytrap.core.users;

import java.util.Locale;

public enum Role {
    ADMIN, MEMBER;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
