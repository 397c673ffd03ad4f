package io.flytrap.sdk;

/**
 * Reports exceptions that no code caught, then hands them to the handler that was installed before (or prints them
 * as the JVM would have): the SDK adds a report, it never changes what the app does with its failures.
 */
final class UncaughtHandler implements Thread.UncaughtExceptionHandler {

    private static final EventHint UNCAUGHT = EventHint.builder().mechanism("UncaughtExceptionHandler", false)
            .level(Level.FATAL).build();

    private final Thread.UncaughtExceptionHandler previous;

    UncaughtHandler(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    Thread.UncaughtExceptionHandler previous() {
        return previous;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        try {
            // the SDK's own threads catch everything; should one die anyway, it is not reported
            if (!Flytrap.isSdkThread(thread)) {
                Flytrap.captureException(error, UNCAUGHT);
            }
        } catch (Throwable captureFailed) {
            // an OutOfMemoryError or StackOverflowError while capturing: the report is lost, but the app's own
            // handling of its failure (logging, exiting) must still happen, so nothing is rethrown
        } finally {
            handOn(thread, error);
        }
    }

    private void handOn(Thread thread, Throwable error) {
        if (previous != null) {
            previous.uncaughtException(thread, error);
        } else {
            // what ThreadGroup.uncaughtException prints when there is no default handler
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(System.err);
        }
    }
}
