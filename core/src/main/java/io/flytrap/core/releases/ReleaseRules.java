package io.flytrap.core.releases;

/**
 * What a pipeline may send: bounded lengths and no control characters, so a name cannot forge lines in a log
 * or a page. The version rules are Sentry's, so a name its tools accept is accepted here too.
 */
final class ReleaseRules {

    static final int MAX_VERSION = 250;
    static final int MAX_TEXT = 2000;
    static final int MAX_NAME = 200;

    private ReleaseRules() {
    }

    static void requireValidVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version is required");
        }
        if (version.length() > MAX_VERSION) {
            throw new IllegalArgumentException("version must be at most " + MAX_VERSION + " characters");
        }
        if (!version.equals(version.strip()) || version.equals(".") || version.equals("..")
                || version.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("version must not be . or .., have spaces around it, or contain /, \\ or control characters");
        }
    }

    static void requireValid(ReleaseChanges changes) {
        requireText("url", changes.url(), MAX_TEXT);
        if (changes.commits() != null) {
            for (ReleaseCommit commit : changes.commits()) {
                if (commit == null || commit.id() == null || commit.id().isBlank()) {
                    throw new IllegalArgumentException("every commit needs its id");
                }
                requireText("commit id", commit.id(), MAX_NAME);
                requireText("repository", commit.repository(), MAX_NAME);
                requireText("author name", commit.authorName(), MAX_NAME);
                requireText("author email", commit.authorEmail(), MAX_NAME);
                if (commit.message() != null && commit.message().length() > 10 * MAX_TEXT) {
                    throw new IllegalArgumentException("a commit message must be at most " + 10 * MAX_TEXT + " characters");
                }
            }
        }
    }

    static void requireValid(Deploy deploy) {
        if (deploy.environment() == null || deploy.environment().isBlank()) {
            throw new IllegalArgumentException("environment is required");
        }
        requireText("environment", deploy.environment(), MAX_NAME);
        requireText("name", deploy.name(), MAX_NAME);
        requireText("url", deploy.url(), MAX_TEXT);
    }

    /** Single-line text of bounded length; absent is fine. */
    private static void requireText(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
        }
    }
}
