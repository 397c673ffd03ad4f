package io.flytrap.core.database;

import io.flytrap.core.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code flytrap.data-dir}: where the embedded PostgreSQL keeps its data and password. Its default,
 * {@code $FLYTRAP_DATA_DIR} or {@code ~/.flytrap}, is in flytrap-core.properties, because it reads the environment.
 */
@ConfigurationProperties("flytrap")
record EmbeddedDatabaseProperties(Path dataDir) {

    EmbeddedDatabaseProperties {
        Settings.requireText("flytrap.data-dir", dataDir == null ? null : dataDir.toString());
    }
}
