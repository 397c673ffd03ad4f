package io.flytrap.functions.lambda;

import com.zaxxer.hikari.HikariDataSource;
import io.flytrap.functions.aws.LocalSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the Lambdas get the database password: not from their environment (anyone allowed
 * lambda:GetFunctionConfiguration could read it there) but from the database module's Secrets Manager secret,
 * imported once while the application starts ({@code spring.config.import}, set by Terraform), so SnapStart
 * snapshots it and no invocation calls Secrets Manager. The application's own property files (flytrap-core's
 * {@code spring.datasource.password=${FLYTRAP_DB_PASSWORD:}}) are on the classpath as in the jar, so the test also
 * proves the imported value wins over them. Secrets Manager is {@link LocalSecretsManager}, a stand-in written for
 * these tests that speaks the service's JSON protocol to the real AWS SDK client.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseSecretImportTests {

    static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:flytrap/database-AbCdEf";
    static final String PASSWORD = "Zq8v3LrT0pWm6YxN2sKc9HbF4jGd7eUa";

    private LocalSecretsManager secretsManager;

    @BeforeEach
    void secretsManager() throws Exception {
        secretsManager = new LocalSecretsManager();
        secretsManager.putSecret(ARN, """
                {"username": "flytrap", "password": "%s", "host": "db.internal", "port": 5432, "dbname": "flytrap"}"""
                .formatted(PASSWORD));
    }

    @AfterEach
    void stop() {
        System.clearProperty("spring.config.import");
        secretsManager.close();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, DataSourceAutoConfiguration.class})
    static class WithDataSource {
    }

    /** Starts with the environment variables the lambdas module sets (plus the stand-in's endpoint). */
    private ConfigurableApplicationContext start(String secretArn) {
        // The one setting given as a system property rather than a variable: Boot reads an import from either the
        // same way, and the failure report reads it from the process (there is no Environment yet when it fails).
        System.setProperty("spring.config.import", "aws-secretsmanager:" + secretArn + "?prefix=spring.datasource.");
        Map<String, Object> lambdaEnvironment = new HashMap<>(Map.of(
                "AWS_LAMBDA_FUNCTION_NAME", "flytrap-ingest",
                "FLYTRAP_DB_SECRET_VERSION", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                "FLYTRAP_DB_URL", "jdbc:postgresql://db.internal:5432/flytrap?sslmode=require",
                "FLYTRAP_DB_USER", "flytrap",
                "SPRING_CLOUD_AWS_REGION_STATIC", "us-east-1",
                "SPRING_CLOUD_AWS_CREDENTIALS_ACCESS_KEY", "test",
                "SPRING_CLOUD_AWS_CREDENTIALS_SECRET_KEY", "test-secret",
                "SPRING_CLOUD_AWS_SECRETSMANAGER_ENDPOINT", secretsManager.endpoint(),
                // the loaders' own debug output (secret names, keys) must not carry the value either
                "LOGGING_LEVEL_IO_AWSPRING_CLOUD", "debug"));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource("lambdaEnvironment", lambdaEnvironment));
        SpringApplication application = new SpringApplication(WithDataSource.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(environment);
        return application.run();
    }

    @Test
    void shouldGiveTheDataSourceThePasswordFromTheSecretReadOnceAtStart(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(ARN)) {
            DataSource dataSource = context.getBean(DataSource.class);

            assertThat(((HikariDataSource) dataSource).getPassword()).isEqualTo(PASSWORD);
            assertThat(((HikariDataSource) dataSource).getUsername()).isEqualTo("flytrap");
            assertThat(secretsManager.requestedIds()).as("one GetSecretValue, at start").containsExactly(ARN);
        }
        assertThat(output.getAll()).as("the password must never be logged").doesNotContain(PASSWORD);
    }

    @Test
    void shouldFailTheStartNamingTheSecretWhenItDoesNotExist(CapturedOutput output) {
        String missing = ARN.replace("database-AbCdEf", "gone-XyZ123");

        assertThatThrownBy(() -> start(missing).close())
                .rootCause().hasMessageContaining("can't find the specified secret");
        assertThat(output.getAll()).as("the failure report names the secret it could not read")
                .contains("APPLICATION FAILED TO START", "Could not read the database secret", missing,
                        "secretsmanager:GetSecretValue")
                .doesNotContain(PASSWORD);
    }

    @Test
    void shouldFailTheStartSayingAccessIsDeniedWhenTheRoleMayNotReadTheSecret(CapturedOutput output) {
        secretsManager.deny(ARN);

        assertThatThrownBy(() -> start(ARN).close())
                .rootCause().hasMessageContaining("is not authorized to perform: secretsmanager:GetSecretValue");
        assertThat(output.getAll()).as("the failure report names the secret and the denied action")
                .contains("APPLICATION FAILED TO START", "Could not read the database secret", ARN,
                        "is not authorized to perform: secretsmanager:GetSecretValue")
                .doesNotContain(PASSWORD);
    }
}
