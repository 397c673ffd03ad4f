package io.flytrap.core.event;

/** The end user affected, as far as the SDK knows them. */
public record UserInfo(String id, String email, String username, String ipAddress) {
    // No derived accessors here (an isEmpty() was one): the record is written as JSON to storage and the API, and
    // Jackson would add every boolean is-method as a field ("empty": false) beside the four components.
}
