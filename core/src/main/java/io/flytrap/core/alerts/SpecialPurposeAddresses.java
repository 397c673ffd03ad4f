package io.flytrap.core.alerts;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Addresses a webhook must never reach: those of IANA's IPv4 and IPv6 Special-Purpose Address Registries that are
 * not globally reachable (RFC 6890 and its updates), multicast, and everything outside IPv6's global unicast space
 * (2001::/23 is refused whole, though a few of its assignments are reachable: no webhook lives there).
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address, so
 * {@code ::ffff:127.0.0.1} is loopback. No library on Maven Central carries these registries, so they are listed
 * here, each with where it comes from.
 */
final class SpecialPurposeAddresses {

    private static final List<AddressBlock> IPV4 = List.of(
            AddressBlock.of("0.0.0.0/8", "\"this network\" (RFC 791)"),
            AddressBlock.of("10.0.0.0/8", "private use (RFC 1918)"),
            AddressBlock.of("100.64.0.0/10", "shared address space, carrier-grade NAT (RFC 6598)"),
            AddressBlock.of("127.0.0.0/8", "loopback (RFC 1122)"),
            AddressBlock.of("169.254.0.0/16", "link-local, cloud metadata (RFC 3927)"),
            AddressBlock.of("172.16.0.0/12", "private use (RFC 1918)"),
            AddressBlock.of("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
            AddressBlock.of("192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)"),
            AddressBlock.of("192.88.99.0/24", "6to4 relay anycast, deprecated (RFC 7526)"),
            AddressBlock.of("192.168.0.0/16", "private use (RFC 1918)"),
            AddressBlock.of("198.18.0.0/15", "benchmarking (RFC 2544)"),
            AddressBlock.of("198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)"),
            AddressBlock.of("203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)"),
            AddressBlock.of("224.0.0.0/4", "multicast (RFC 5771)"),
            AddressBlock.of("240.0.0.0/4", "reserved, and limited broadcast 255.255.255.255 (RFC 1112, RFC 919)"));

    private static final AddressBlock IPV6_GLOBAL_UNICAST = AddressBlock.of("2000::/3", "global unicast (RFC 4291)");

    private static final List<AddressBlock> IPV6 = List.of(
            AddressBlock.of("2001::/23", "IETF protocol assignments, Teredo among them (RFC 2928, RFC 4380)"),
            AddressBlock.of("2001:db8::/32", "documentation (RFC 3849)"),
            AddressBlock.of("3fff::/20", "documentation (RFC 9637)"));

    // written as bytes: the JDK turns the literal ::ffff:0:0 into the IPv4 address 0.0.0.0
    private static final AddressBlock IPV4_MAPPED = new AddressBlock(
            new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96, "IPv4-mapped (RFC 4291)");
    private static final AddressBlock NAT64 = AddressBlock.of("64:ff9b::/96", "IPv4/IPv6 translation (RFC 6052)");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.of("2002::/16", "6to4 (RFC 3056)");

    private SpecialPurposeAddresses() {
    }

    /** What the address is, when it is one a webhook must not reach; empty for a public unicast address. */
    static Optional<String> classify(InetAddress address) {
        if (address instanceof Inet4Address) {
            return IPV4.stream().filter(block -> block.contains(address)).findFirst().map(AddressBlock::name);
        }
        if (!(address instanceof Inet6Address)) {
            return Optional.of("not an IP address");
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return classify(embedded.get());
        }
        if (!IPV6_GLOBAL_UNICAST.contains(address)) {
            // loopback, unspecified, unique-local, link-local, site-local, multicast, discard-only, SRv6 SIDs and
            // the unassigned space all lie outside 2000::/3
            return Optional.of("outside IPv6 global unicast (RFC 4291)");
        }
        return IPV6.stream().filter(block -> block.contains(address)).findFirst().map(AddressBlock::name);
    }

    /** The IPv4 address an IPv6 address stands for, where the IPv6 one is a way to reach it. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        // (IPv4-compatible ::a.b.c.d is deprecated and lies outside 2000::/3: refused whatever it holds.) The JDK
        // makes most mapped addresses IPv4 ones already, but an Inet6Address can still hold one.
        if (IPV4_MAPPED.contains(address) || NAT64.contains(address)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return Optional.empty();
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
