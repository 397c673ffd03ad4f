package io.flytrap.core.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block such as 192.0.2.0/24 or 2001:db8::/32; the address part is parsed by the JDK, never by hand. */
record AddressBlock(byte[] network, int prefixLength, String name) {

    /** @param cidr an address literal, a slash and a prefix length */
    static AddressBlock of(String cidr, String name) {
        int slash = cidr.indexOf('/');
        try {
            // a literal: the JDK parses it without a DNS lookup
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int prefixLength = Integer.parseInt(cidr.substring(slash + 1));
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + cidr);
            }
            return new AddressBlock(network, prefixLength, name);
        } catch (UnknownHostException | StringIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false; // IPv4 blocks hold only IPv4 addresses, IPv6 blocks only IPv6 ones
        }
        int wholeBytes = prefixLength / 8;
        for (int i = 0; i < wholeBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (candidate[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }
}
