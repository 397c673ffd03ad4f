package io.flytrap.core.alerts;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Every address of every network interface of this machine, loopback or not. A webhook to one of them reaches
 * Flytrap itself (or whatever else listens here) even when the address is public, as on a cloud server.
 */
final class OwnAddresses {

    private OwnAddresses() {
    }

    /** Read afresh each time: interfaces and their addresses change while Flytrap runs (DHCP, VPNs, containers). */
    static Set<InetAddress> current() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addAll(nic, addresses);
            }
        } catch (SocketException e) {
            // without the list no target can be shown not to be this machine: refuse rather than guess
            throw new RefusedTargetException("this server's own addresses cannot be listed (" + e.getMessage() + ")");
        }
        return addresses;
    }

    private static void addAll(NetworkInterface nic, Set<InetAddress> addresses) {
        nic.inetAddresses().forEach(addresses::add);
        nic.subInterfaces().forEach(sub -> addAll(sub, addresses));
    }
}
