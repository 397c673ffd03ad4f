package io.flytrap.dashboard.issues;

/** Joins the optional parts of an event value ("GET" and a URL, a user's id and e-mail) for display. */
final class EventText {

    private EventText() {
    }

    static String join(String first, String second) {
        return ((first == null ? "" : first) + " " + (second == null ? "" : second)).strip();
    }
}
