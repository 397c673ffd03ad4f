package io.flytrap.core.alerts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps alert webhooks from becoming a way into the network Flytrap runs in (SSRF): a target must be http(s) and
 * every address its host resolves to must be public — not loopback, link-local (cloud metadata at
 * 169.254.169.254), private, carrier-grade NAT, unique-local or multicast. Checked when a channel is saved and
 * again at each send, after DNS resolution. The HTTP client resolves the name once more when it connects, so a
 * name whose DNS answer changes within seconds (rebinding) is not fully excluded; the JVM's DNS cache narrows that
 * window. {@code flytrap.alerts.allow-internal-targets=true} (an administrator's
 * choice, e.g. for a chat server inside the company network) lifts the address check.
 */
@Component
public class TargetGuard {

    private final boolean allowInternal;

    public TargetGuard(@Value("${flytrap.alerts.allow-internal-targets:false}") boolean allowInternal) {
        this.allowInternal = allowInternal;
    }

    /** The URL, checked; throws {@link IllegalArgumentException} saying why it is refused. */
    public URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("the URL must be http(s) with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("the URL must not contain credentials");
        }
        if (allowInternal) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new IllegalArgumentException("the host " + uri.getHost() + " is an internal address ("
                        + address.getHostAddress() + "); an administrator can allow internal targets");
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240                       // "this network", reserved and broadcast
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0); // IETF protocol assignments
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            boolean uniqueLocal = (first & 0xfe) == 0xfc;                // fc00::/7
            boolean mappedOrCompatible = isZero(b, 0, 10) && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || isZero(b, 10, 12));
            // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes
            boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12);
            if (mappedOrCompatible || nat64) {
                return isInternal(ipv4(b[12], b[13], b[14], b[15]));
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {                 // 6to4 (2002::/16): IPv4 in bytes 2 to 5
                return isInternal(ipv4(b[2], b[3], b[4], b[5]));
            }
            return uniqueLocal;
        }
        return true;
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[]{a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
