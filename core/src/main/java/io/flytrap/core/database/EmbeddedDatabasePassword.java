package io.flytrap.core.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The embedded PostgreSQL's superuser password: random, made on first start, kept in a file beside the data that
 * only its owner can read or write (0600), so other users of the machine cannot connect to the database.
 */
final class EmbeddedDatabasePassword {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabasePassword.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private EmbeddedDatabasePassword() {
    }

    /** The password in the file, made first when there is none; hex, so it never needs quoting anywhere. */
    static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    /** The password in the file, which must exist; made readable by its owner only if it was not. */
    static String read(Path file) throws IOException {
        restrictToOwner(file);
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.length() < 32) {
            throw new IllegalStateException(file + " holds no usable password: restore the file this database was"
                    + " started with");
        }
        return password;
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            // created with its permissions, so there is no moment at which others could read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException another) {
            return; // made meanwhile by another start, which then also holds the data directory's lock
        }
        // initdb reads the first line of the file as the password
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                log.warn("{} could be read by others: made readable by its owner only", file);
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions on this file system (Windows): the user profile's own ACLs protect it
        }
    }
}
