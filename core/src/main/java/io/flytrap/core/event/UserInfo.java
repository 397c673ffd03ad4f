package io.flytrap.core.event;

/** The end user affected, as far as the SDK knows them. */
public record UserInfo(String id, String email, String username, String ipAddress) {

    public boolean isEmpty() {
        return id == null && email == null && username == null && ipAddress == null;
    }
}
