package io.flytrap.testsupport;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The core module as an application, for core's own integration tests. */
@SpringBootApplication(scanBasePackages = "io.flytrap.core")
@Import(MutableClockConfiguration.class)
public class CoreTestApplication {
}
