package io.flytrap.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many refused ingest requests (invalid, too large, unknown or wrong key) a client may send per minute before
 * its requests are answered 429 unread. Each process keeps its own count, in memory. 0 turns a budget off.
 *
 * @param perAddressPerMinute refused requests from one network address; it needs the real client address, so a
 *                            proxy in front must be trusted (server.forward-headers-strategy) or this set to 0
 * @param perKeyPerMinute     refused requests with one project key, from anywhere; like the event quota, anyone
 *                            holding the public key can spend it, which stops only that key's events
 */
@ConfigurationProperties("flytrap.ingest.failure-budget")
public record FailureBudgetProperties(@DefaultValue("60") int perAddressPerMinute,
                                      @DefaultValue("600") int perKeyPerMinute) {
}
