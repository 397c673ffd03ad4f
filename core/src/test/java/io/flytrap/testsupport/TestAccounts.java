package io.flytrap.testsupport;

import io.flytrap.core.access.Caller;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;

import java.util.UUID;

/** Fresh users for tests that share one database: each gets an e-mail nobody else has. */
public final class TestAccounts {

    public static final String PASSWORD = "correct horse battery";

    private TestAccounts() {
    }

    public static Caller member(UserService users, String label) {
        return users.create(email(label), PASSWORD, Role.MEMBER).asCaller();
    }

    public static String email(String label) {
        return label + "-" + UUID.randomUUID() + "@example.com";
    }
}
