package io.flytrap.core.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The embedded PostgreSQL's pg_hba.conf: every connection, over TCP on loopback or the Unix socket, must prove it
 * knows the password (SCRAM-SHA-256). Data directories created before Flytrap set a password trusted every local
 * connection as superuser; {@link #isPasswordOnly} tells those apart so they can be switched over.
 */
final class ClientAuthentication {

    static final String METHOD = "scram-sha-256";

    private static final String PASSWORD_ONLY = """
            # Written by Flytrap. Every connection needs the password kept in the Flytrap data directory's
            # postgres-password file (SCRAM-SHA-256); nothing is trusted. PostgreSQL listens on loopback only.
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private ClientAuthentication() {
    }

    /** False when any rule lets a connection in some other way than with the password (trust, above all). */
    static boolean isPasswordOnly(Path hbaFile) throws IOException {
        return Files.readAllLines(hbaFile).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(rule -> !rule.isEmpty())
                .allMatch(rule -> Arrays.asList(rule.split("\\s+")).contains(METHOD));
    }

    static void requirePassword(Path hbaFile) throws IOException {
        Path written = hbaFile.resolveSibling(hbaFile.getFileName() + ".flytrap-new");
        Files.writeString(written, PASSWORD_ONLY);
        try {
            Files.setPosixFilePermissions(written, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's ACLs apply
        }
        // replaced in one step: PostgreSQL never reads half a file
        Files.move(written, hbaFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
