package io.flytrap.sdk.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of the Flytrap SDK in a Spring Boot app; nothing is active until {@code flytrap.dsn} is set. */
@ConfigurationProperties(prefix = "flytrap")
public class FlytrapProperties {

    /**
     * Where events go: http(s)://public-key@host[:port]/project-id, from the project's settings in Flytrap. The
     * integration is active only when this is set.
     */
    private String dsn;

    /** The version of the app, e.g. "shop@1.4.2" (events and issues can be filtered by it). */
    private String release;

    /** Where the app runs, e.g. "production" or "staging". */
    private String environment;

    /** The name of this server or instance; defaults to the host name. */
    private String serverName;

    /** The share of events sent, from 0.0 (none) to 1.0 (all). */
    private double sampleRate = 1.0;

    /**
     * Package prefixes of the app's own code (e.g. com.example.shop). Their frames are marked in_app and decide the
     * culprit and grouping. Empty: every frame outside the JDK and common frameworks and libraries.
     */
    private List<String> inAppPackages = new ArrayList<>();

    /**
     * Send personal data the integrations can see: cookies, Authorization and other secret headers, the client IP
     * and the authenticated user's name.
     */
    private boolean sendDefaultPii;

    /** Events waiting to be sent at most; newer ones are dropped (and counted) while the queue is full. */
    private int maxQueueSize = 100;

    /** Breadcrumbs sent with each event, at most 100. */
    private int maxBreadcrumbs = 100;

    /** Report exceptions no code caught (the JVM's default uncaught-exception handler, chained). */
    private boolean uncaughtExceptionHandler = true;

    /** How long closing the application context waits for queued events to be sent. */
    private Duration shutdownTimeout = Duration.ofSeconds(2);

    /**
     * Also register the SDK's own JVM shutdown hook. Off by default: that hook runs at the same time as Spring's
     * graceful shutdown and would close the SDK while requests are still finishing, dropping their events; the
     * context's close already sends what is queued.
     */
    private boolean shutdownHook;

    /** Turn Logback ERROR events into Flytrap events and lower levels into breadcrumbs. */
    private boolean logback = true;

    /** Log events below this level are not kept as breadcrumbs (TRACE, DEBUG, INFO, WARN). */
    private String minimumBreadcrumbLevel = "INFO";

    public String getDsn() {
        return dsn;
    }

    public void setDsn(String dsn) {
        this.dsn = dsn;
    }

    public String getRelease() {
        return release;
    }

    public void setRelease(String release) {
        this.release = release;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    public double getSampleRate() {
        return sampleRate;
    }

    public void setSampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    public List<String> getInAppPackages() {
        return inAppPackages;
    }

    public void setInAppPackages(List<String> inAppPackages) {
        this.inAppPackages = inAppPackages;
    }

    public boolean isSendDefaultPii() {
        return sendDefaultPii;
    }

    public void setSendDefaultPii(boolean sendDefaultPii) {
        this.sendDefaultPii = sendDefaultPii;
    }

    public int getMaxQueueSize() {
        return maxQueueSize;
    }

    public void setMaxQueueSize(int maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
    }

    public int getMaxBreadcrumbs() {
        return maxBreadcrumbs;
    }

    public void setMaxBreadcrumbs(int maxBreadcrumbs) {
        this.maxBreadcrumbs = maxBreadcrumbs;
    }

    public boolean isUncaughtExceptionHandler() {
        return uncaughtExceptionHandler;
    }

    public void setUncaughtExceptionHandler(boolean uncaughtExceptionHandler) {
        this.uncaughtExceptionHandler = uncaughtExceptionHandler;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public boolean isShutdownHook() {
        return shutdownHook;
    }

    public void setShutdownHook(boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
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
