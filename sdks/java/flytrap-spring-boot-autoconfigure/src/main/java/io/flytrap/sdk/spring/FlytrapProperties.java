package io.flytrap.sdk.spring;

import io.flytrap.sdk.FlytrapOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SDK's own {@link FlytrapOptions}, bound from {@code flytrap.*}, plus the few settings only the Spring
 * integration has; nothing is active until {@code flytrap.dsn} is set. Every option the SDK gains is a property
 * without a line here. Descriptions of the inherited options are in
 * META-INF/additional-spring-configuration-metadata.json: the metadata processor cannot read the javadoc of a class
 * compiled in another module.
 */
@ConfigurationProperties(prefix = "flytrap")
public class FlytrapProperties extends FlytrapOptions {

    /** Turn Logback ERROR events into Flytrap events and lower levels into breadcrumbs. */
    private boolean logback = true;

    /** Log events below this level are not kept as breadcrumbs (TRACE, DEBUG, INFO, WARN). */
    private String minimumBreadcrumbLevel = "INFO";

    public FlytrapProperties() {
        // The context's close sends what is queued, after the web server's graceful shutdown. The SDK's own hook
        // would run at the same time as that shutdown and close the SDK while requests are still finishing.
        setShutdownHook(false);
    }

    public boolean isLogback() {
        return logback;
    }

    public void setLogback(boolean logback) {
        this.logback = logback;
    }

    public String getMinimumBreadcrumbLevel() {
        return minimumBreadcrumbLevel;
    }

    public void setMinimumBreadcrumbLevel(String minimumBreadcrumbLevel) {
        this.minimumBreadcrumbLevel = minimumBreadcrumbLevel;
    }
}
