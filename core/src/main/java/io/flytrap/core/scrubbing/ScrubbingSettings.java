package io.flytrap.core.scrubbing;

/**
 * A project's scrubbing choices.
 *
 * @param enabled         mask secrets (on by default; a project may turn it off, e.g. for a test project)
 * @param removeAddresses also drop end users' IP addresses
 */
public record ScrubbingSettings(boolean enabled, boolean removeAddresses) {

    public static final ScrubbingSettings DEFAULT = new ScrubbingSettings(true, false);
}
