package io.flytrap.core.alerts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps alert webhooks from becoming a way into the network Flytrap runs in (SSRF): a target must be http(s) and
 * every address its host resolves to must be public — none of this machine's own addresses (a webhook to
 * Flytrap's own port), nor any address of IANA's special-purpose registries (loopback, private, link-local with
 * cloud metadata at 169.254.169.254, carrier-grade NAT, documentation, multicast, broadcast, reserved; see
 * {@link SpecialPurposeAddresses}). Checked when a channel is saved, and at each delivery by the HTTP client's own
 * name resolution ({@link #addressesOf}), so the addresses checked are the ones connected to and a DNS answer
 * that changes after the check (rebinding) cannot lead inside. {@code flytrap.alerts.allow-internal-targets=true}
 * (an administrator's choice, e.g. for a chat server inside the company network or on this very machine) lifts the
 * address check.
 */
@Component
public class TargetGuard {

    /** How a host name becomes addresses: the system's resolver, or in tests a fixed answer. */
    @FunctionalInterface
    public interface NameResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowInternal;
    private final NameResolver resolver;
    private final Supplier<Set<InetAddress>> ownAddresses;

    @Autowired
    TargetGuard(AlertsProperties properties) {
        this(properties.allowInternalTargets());
    }

    public TargetGuard(boolean allowInternal) {
        this(allowInternal, InetAddress::getAllByName, OwnAddresses::current);
    }

    TargetGuard(boolean allowInternal, NameResolver resolver, Supplier<Set<InetAddress>> ownAddresses) {
        this.allowInternal = allowInternal;
        this.resolver = resolver;
        this.ownAddresses = ownAddresses;
    }

    /** The URL, checked with every address its host has now; throws {@link RefusedTargetException} saying why not. */
    public URI check(String url) {
        URI uri = parse(url);
        addressesOf(uri.getHost());
        return uri;
    }

    /** The URL if it has the shape of a target (http(s), a host, no credentials), without looking its host up. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedTargetException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new RefusedTargetException("the URL must be http(s) with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new RefusedTargetException("the URL must not contain credentials");
        }
        return uri;
    }

    /**
     * The addresses to connect to for a host, every one of them checked. A delivery's HTTP client resolves names
     * only through this, once per connection, so no lookup happens between the check and the connect.
     */
    public InetAddress[] addressesOf(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedTargetException("the host " + host + " does not resolve");
        }
        if (allowInternal) {
            return addresses;
        }
        Set<InetAddress> own = ownAddresses.get();
        for (InetAddress address : addresses) {
            // this machine first: its addresses may also be special-purpose ones, but that they are Flytrap's own
            // is what the member should read
            Optional<String> internal = isOwn(address, own) ? Optional.of("one of this server's own addresses")
                    : SpecialPurposeAddresses.classify(address);
            if (internal.isPresent()) {
                throw new RefusedTargetException("the host " + host + " is an internal address (" + address.getHostAddress()
                        + ", " + internal.get() + "); an administrator can allow internal targets");
            }
        }
        return addresses;
    }

    /** By the bytes (an interface's IPv6 address carries its zone, a resolved one does not), and through IPv4 in IPv6. */
    private static boolean isOwn(InetAddress address, Set<InetAddress> own) {
        InetAddress plain = SpecialPurposeAddresses.embeddedIpv4(address).orElse(address);
        return own.stream().anyMatch(mine -> Arrays.equals(mine.getAddress(), address.getAddress())
                || Arrays.equals(mine.getAddress(), plain.getAddress()));
    }
}
