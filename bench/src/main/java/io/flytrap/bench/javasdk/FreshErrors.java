package io.flytrap.bench.javasdk;

/**
 * Fresh exceptions with a fixed stack depth: each one is new (Java materialises a stack trace when it is first asked
 * for, and an SDK asked twice for the same exception may deduplicate it) and carries its own message.
 */
final class FreshErrors {

    private long sequence;

    /** Frames between the benchmark method and the throw site; chosen so that each exception has ~20 frames. */
    private final int depth;

    FreshErrors(int depth) {
        this.depth = depth;
    }

    RuntimeException next() {
        return descend(depth, sequence++);
    }

    private static RuntimeException descend(int remaining, long id) {
        if (remaining == 0) {
            return new IllegalStateException("order " + id + " has no shipping address");
        }
        return descend(remaining - 1, id);
    }

    /** How deep to go so that an exception made from a frame {@code callerDepth} deep has {@code frames} frames. */
    static int depthFor(int frames, int callerDepth) {
        return Math.max(0, frames - callerDepth - 2);
    }
}
