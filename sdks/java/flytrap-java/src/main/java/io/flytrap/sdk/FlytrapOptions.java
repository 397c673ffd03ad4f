package io.flytrap.sdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings for {@link Flytrap#init(FlytrapOptions)}; only the DSN is required. Not final: integrations bind their
 * configuration straight onto it (the Spring Boot starter's {@code FlytrapProperties} extends it).
 */
public class FlytrapOptions {

    /** Breadcrumbs are capped here whatever the app asks: they travel with every event. */
    public static final int MAX_BREADCRUMBS = 100;

    private String dsn;
    private String release;
    private String environment;
    private String serverName;
    private double sampleRate = 1.0;
    private List<String> inAppPackages = new ArrayList<>();
    private BeforeSend beforeSend;
    private boolean sendDefaultPii;
    private int maxQueueSize = 100;
    private int maxBreadcrumbs = MAX_BREADCRUMBS;
    private boolean uncaughtExceptionHandler = true;
    private boolean shutdownHook = true;
    private boolean codeContext = true;
    private List<Path> sourceRoots = new ArrayList<>(List.of(Path.of("src/main/java"), Path.of("src/test/java"),
            Path.of("src/main/kotlin")));
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration sendTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(2);
    private Duration retryBackoff = Duration.ofSeconds(1);
    private int maxAttempts = 5;
    private Transport transport;

    /** {@code http(s)://<public key>@host[:port][/path]/<project id>}, as shown in the project's settings. */
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

    /** Defaults to the host name. */
    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    public double getSampleRate() {
        return sampleRate;
    }

    /** The share of events sent, from 0.0 (none) to 1.0 (all, the default). */
    public void setSampleRate(double sampleRate) {
        if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be between 0.0 and 1.0, was " + sampleRate);
        }
        this.sampleRate = sampleRate;
    }

    public List<String> getInAppPackages() {
        return inAppPackages;
    }

    /**
     * Package prefixes of the app's own code ("com.example.shop"). Frames in them are marked in_app, get code
     * context and decide grouping and culprit. When empty, every frame outside well-known JDK, framework and
     * library packages counts as the app's.
     */
    public void setInAppPackages(List<String> inAppPackages) {
        this.inAppPackages = new ArrayList<>(inAppPackages);
    }

    /** Adds one package prefix of the app's own code (what Logback's logback.xml calls once per element). */
    public void addInAppPackage(String inAppPackage) {
        inAppPackages.add(inAppPackage);
    }

    public BeforeSend getBeforeSend() {
        return beforeSend;
    }

    public void setBeforeSend(BeforeSend beforeSend) {
        this.beforeSend = beforeSend;
    }

    public boolean isSendDefaultPii() {
        return sendDefaultPii;
    }

    /**
     * Send personal data integrations can see: cookies, Authorization and other secret headers, the client IP, the
     * authenticated user's name. Off by default.
     */
    public void setSendDefaultPii(boolean sendDefaultPii) {
        this.sendDefaultPii = sendDefaultPii;
    }

    public int getMaxQueueSize() {
        return maxQueueSize;
    }

    /** Events waiting to be sent; when full, new events are dropped and counted. */
    public void setMaxQueueSize(int maxQueueSize) {
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be positive");
        }
        this.maxQueueSize = maxQueueSize;
    }

    public int getMaxBreadcrumbs() {
        return maxBreadcrumbs;
    }

    public void setMaxBreadcrumbs(int maxBreadcrumbs) {
        this.maxBreadcrumbs = Math.max(0, Math.min(MAX_BREADCRUMBS, maxBreadcrumbs));
    }

    public boolean isUncaughtExceptionHandler() {
        return uncaughtExceptionHandler;
    }

    /** Report exceptions no code caught (the default uncaught-exception handler, chaining any existing one). */
    public void setUncaughtExceptionHandler(boolean uncaughtExceptionHandler) {
        this.uncaughtExceptionHandler = uncaughtExceptionHandler;
    }

    public boolean isShutdownHook() {
        return shutdownHook;
    }

    /** Send what is queued when the JVM shuts down (at most {@link #getShutdownTimeout()}). */
    public void setShutdownHook(boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
    }

    public boolean isCodeContext() {
        return codeContext;
    }

    /** Send the lines around in-app frames when their source can be found on disk or on the classpath. */
    public void setCodeContext(boolean codeContext) {
        this.codeContext = codeContext;
    }

    public List<Path> getSourceRoots() {
        return sourceRoots;
    }

    /** Directories searched for sources (package directories below them); then the classpath. */
    public void setSourceRoots(List<Path> sourceRoots) {
        this.sourceRoots = new ArrayList<>(sourceRoots);
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    /** How long one send may take; a slow server must not hold the queue forever. */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    /** The first retry's delay; it doubles per attempt (with jitter), up to 30 seconds. */
    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    public Transport getTransport() {
        return transport;
    }

    /** Replaces the built-in java.net.http transport. */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }
}
