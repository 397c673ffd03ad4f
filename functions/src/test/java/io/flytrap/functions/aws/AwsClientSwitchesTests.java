package io.flytrap.functions.aws;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientSwitchesTests {

    @Test
    void shouldSwitchOnNoAwsClientAndKeepTheWebServerAndWorkersOnALaptop() {
        StandardEnvironment environment = switched(Map.of());

        assertThat(environment.getProperty("spring.cloud.aws.s3.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.aws.sqs.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.aws.sns.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.aws.imds.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.aws.secretsmanager.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.main.web-application-type")).as("not a Lambda").isNull();
        assertThat(environment.getProperty("spring.main.lazy-initialization")).isNull();
        assertThat(environment.getProperty("flytrap.worker.enabled")).isNull();
    }

    @Test
    void shouldStartAnOnDemandLambdaLazilyWithoutServerWorkersRetentionOrEventBodiesInItsLog() {
        StandardEnvironment environment = switched(Map.of("AWS_LAMBDA_FUNCTION_NAME", "flytrap-process",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand", "flytrap.queue.type", "sqs"));

        assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
        assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
        assertThat(environment.getProperty("flytrap.worker.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("flytrap.retention.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("logging.level.org.springframework.cloud.function.adapter.aws")).isEqualTo("warn");
        assertThat(environment.getProperty("spring.cloud.aws.sqs.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.cloud.aws.s3.enabled")).as("claim checks").isEqualTo("true");
    }

    @Test
    void shouldCreateEverythingBeforeTheSnapshotWhenSnapStartInitialises() {
        StandardEnvironment environment = switched(Map.of("AWS_LAMBDA_FUNCTION_NAME", "flytrap-process",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));

        assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("false");
        assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
    }

    @Test
    void shouldLetAnExplicitSettingWin() {
        StandardEnvironment environment = switched(Map.of("AWS_LAMBDA_FUNCTION_NAME", "flytrap-process",
                "spring.main.lazy-initialization", "false", "spring.cloud.aws.s3.enabled", "true"));

        assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.aws.s3.enabled")).isEqualTo("true");
    }

    private static StandardEnvironment switched(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new AwsClientSwitches().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
