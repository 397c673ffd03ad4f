package io.flytrap.sdk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One exception of a chain as captured on the calling thread.
 *
 * @param relation how it relates to the exception before it: null for the caught one, "cause" or "suppressed"
 */
record CapturedThrowable(String className, String message, StackTraceElement[] frames, String relation) {

    /** The server keeps the last 20 of a chain; more would only be sent to be thrown away. */
    static final int MAX_CHAIN = 20;

    /**
     * The exception, its suppressed exceptions and its causes (and theirs), oldest cause first and the caught
     * exception last, as the protocol orders a chain, each suppressed one beside the exception that carries it.
     * Cycles (an exception that is its own cause's cause) end the walk. When there are more than {@link #MAX_CHAIN},
     * the cause chain is kept first (it is why the caught exception happened), suppressed ones get what room is left.
     */
    static List<CapturedThrowable> chain(Throwable caught) {
        Set<Throwable> kept = select(caught);
        List<CapturedThrowable> outermostFirst = new ArrayList<>(kept.size());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(caught, null, outermostFirst, seen, kept);
        Collections.reverse(outermostFirst);
        return outermostFirst;
    }

    /** Which exceptions make the cut: the cause chain, then suppressed ones (and their causes) breadth-first. */
    private static Set<Throwable> select(Throwable caught) {
        Set<Throwable> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> carriers = new ArrayDeque<>();
        addChain(caught, kept, carriers);
        while (!carriers.isEmpty() && kept.size() < MAX_CHAIN) {
            for (Throwable suppressed : carriers.poll().getSuppressed()) {
                if (!isAssemblyTrace(suppressed)) {
                    addChain(suppressed, kept, carriers);
                }
            }
        }
        return kept;
    }

    private static void addChain(Throwable first, Set<Throwable> kept, ArrayDeque<Throwable> carriers) {
        for (Throwable t = first; t != null && kept.size() < MAX_CHAIN && kept.add(t); t = t.getCause()) {
            carriers.add(t);
        }
    }

    private static void visit(Throwable t, String relation, List<CapturedThrowable> out, Set<Throwable> seen,
                              Set<Throwable> kept) {
        Throwable current = t;
        String currentRelation = relation;
        while (current != null && kept.contains(current) && seen.add(current)) {
            out.add(new CapturedThrowable(current.getClass().getName(), message(current), current.getStackTrace(),
                    currentRelation));
            for (Throwable suppressed : current.getSuppressed()) {
                if (!isAssemblyTrace(suppressed)) {
                    visit(suppressed, "suppressed", out, seen, kept);
                }
            }
            current = current.getCause();
            currentRelation = "cause";
        }
    }

    /**
     * Reactor attaches where an error travelled through the pipeline as a suppressed exception without a stack of
     * its own; it is a description, not another failure.
     */
    private static boolean isAssemblyTrace(Throwable suppressed) {
        return suppressed.getClass().getName().startsWith("reactor.core.publisher.FluxOnAssembly");
    }

    /** The app's own getMessage() may throw; the event is still worth sending without it. */
    private static String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException broken) {
            return "<getMessage() threw " + broken.getClass().getName() + ">";
        }
    }
}
