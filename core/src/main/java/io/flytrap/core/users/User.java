package io.flytrap.core.users;

import io.flytrap.core.access.Caller;

public record User(long id, String email, String displayName, Role role) {

    public Caller asCaller() {
        return new Caller(id, role == Role.ADMIN);
    }
}
