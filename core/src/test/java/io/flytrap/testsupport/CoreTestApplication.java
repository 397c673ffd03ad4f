package io.flytrap.testsupport;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/** The core module as an application, for core's own integration tests. */
@SpringBootApplication(scanBasePackages = "io.flytrap.core")
public class CoreTestApplication {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.now());
    }
}
