package io.flytrap.sdk;

/**
 * A tiny app run in its own JVM by {@link ShutdownTests}: it initialises Flytrap, captures one handled exception and
 * then dies of an uncaught one, never calling flush or close itself.
 */
final class ShutdownApp {

    private ShutdownApp() {
    }

    public static void main(String[] args) {
        Flytrap.init(options -> {
            options.setDsn(args[0]);
            options.setRelease("cli@1.0");
        });
        Flytrap.captureException(new IllegalArgumentException("handled before the crash"));
        throw new IllegalStateException("main thread crashed");
    }
}
