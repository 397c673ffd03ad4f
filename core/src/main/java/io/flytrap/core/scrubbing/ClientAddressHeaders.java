package io.flytrap.core.scrubbing;

import java.util.Locale;
import java.util.Set;

/**
 * Request headers that carry the end user's IP address, set by proxies, load balancers and CDNs. "Remove client IP
 * addresses" must remove these too: an address dropped from the user but kept in X-Forwarded-For is not removed.
 */
final class ClientAddressHeaders {

    /** Lower case, with hyphens; HTTP header names are case-insensitive, and SDKs send them in any case. */
    private static final Set<String> NAMES = Set.of("x-forwarded-for", "x-forwarded", "forwarded-for", "forwarded",
            "x-real-ip", "x-client-ip", "client-ip", "x-cluster-client-ip", "cf-connecting-ip", "cf-connecting-ipv6",
            "true-client-ip", "fastly-client-ip", "x-original-forwarded-for", "x-envoy-external-address",
            "x-proxyuser-ip", "x-appengine-user-ip", "remote-addr", "x-remote-addr", "x-remote-ip",
            "x-originating-ip", "akamai-client-ip", "x-azure-clientip", "x-azure-socketip");

    private ClientAddressHeaders() {
    }

    static boolean carriesAddress(String header) {
        // CGI-style names (REMOTE_ADDR, HTTP_X_FORWARDED_FOR) spell the same headers with underscores
        String name = header == null ? "" : header.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return NAMES.contains(name.startsWith("http-") ? name.substring(5) : name);
    }
}
