package io.flytrap.core.process;

import java.util.regex.Pattern;

/**
 * What an event's failure is recorded as (the queue keeps it as the dead letter's last error, shown to
 * administrators, and the processor logs it): the exception's class and message, never the event's content. Messages
 * can quote what they failed on (a JSON parser the token it did not expect, PostgreSQL a key's value in a detail
 * line), so only the first line is kept, quoted text is masked and the whole is cut short. PostgreSQL's names of
 * tables, columns and constraints stay readable: double-quoted lower-case identifiers are kept, as the database quotes
 * them, while values it quotes (mixed case, spaces, punctuation) are masked.
 */
final class FailureDescriptions {

    static final int MAX_LENGTH = 500;
    static final String MASK = "[…]";
    /** Text in single, double or typographic quotes, and Jackson's {@code [Source: …]} location. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'?|\"[^\"]*\"?|‘[^’]*’?|“[^”]*”?|\\[Source:[^]]*]?");
    private static final Pattern IDENTIFIER = Pattern.compile("\"[a-z_][a-z0-9_]{0,62}\"");

    private FailureDescriptions() {
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int lineEnd = message.indexOf('\n');
        String firstLine = lineEnd < 0 ? message : message.substring(0, lineEnd);
        String text = failure.getClass().getSimpleName() + ": " + QUOTED.matcher(firstLine.strip())
                .replaceAll(quoted -> IDENTIFIER.matcher(quoted.group()).matches() ? quoted.group() : MASK);
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    }
}
