package io.flytrap.core.alerts;

import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.alerts.AlertSender.PermanentFailure;
import io.flytrap.core.alerts.channels.AlertHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert targets cannot reach into Flytrap's own network (SSRF), when saved nor when sent to. */
class TargetGuardTests {

    final TargetGuard guard = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/", "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[64:ff9b::a00:5]/", "http://[2002:a9fe:a9fe::1]/", "http://2130706433/",
            "http://0x7f000001/"})
    void shouldRefuseInternalTargets(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(IllegalArgumentException.class);
    }

    /** IANA's special-purpose registries: documentation, this-network, broadcast, multicast, reserved, translation. */
    @ParameterizedTest
    @ValueSource(strings = {"http://192.0.2.1/", "http://198.51.100.7/", "http://203.0.113.9:8080/", "http://0.1.2.3/",
            "http://255.255.255.255/", "http://224.0.0.1/", "http://239.255.255.250/", "http://240.0.0.1/",
            "http://192.88.99.1/", "http://198.18.0.1/", "http://192.0.0.170/", "http://[2001:db8::1]/", "http://[3fff::1]/",
            "http://[100::1]/", "http://[ff02::1]/", "http://[::]/", "http://[fec0::1]/", "http://[5f00::1]/",
            "http://[2001::5efe:c000:201]/", "http://[64:ff9b:1::a]/", "http://[::ffff:192.0.2.1]/",
            "http://[::ffff:c633:6407]/", "http://[::c000:201]/", "http://[64:ff9b::cb00:7109]/", "http://[2002:c000:0201::1]/",
            "http://[4000::1]/"})
    void shouldRefuseSpecialPurposeAddresses(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("internal address");
    }

    /** The addresses of this machine's interfaces other than loopback, each as a URL host. */
    static List<InetAddress> ownAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress())
                .filter(address -> !(address instanceof Inet6Address v6) || v6.getScopeId() == 0) // no zone in a URL
                .toList();
    }

    static String host(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    @Test
    void shouldRefuseEveryAddressOfThisMachinesOwnInterfaces() throws Exception {
        List<InetAddress> own = ownAddresses();
        assertThat(own).as("this machine has a network interface besides loopback").isNotEmpty();
        for (InetAddress address : own) {
            assertThatThrownBy(() -> guard.check("http://" + host(address) + ":8080/api/0/"))
                    .as(address.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("this server's own addresses");
        }
    }

    @Test
    void shouldRefuseAnOwnAddressEvenWhenItIsAPublicOne() {
        // a cloud server with its public address on its interface: public, and yet Flytrap itself
        InetAddress publicOwn = literal("93.184.215.14");
        TargetGuard onThatServer = new TargetGuard(false, InetAddress::getAllByName, () -> Set.of(publicOwn));
        assertThatThrownBy(() -> onThatServer.check("https://93.184.215.14/hook"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this server's own addresses");
        assertThatThrownBy(() -> onThatServer.check("https://[::ffff:93.184.215.14]/hook"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this server's own addresses");
        assertThat(onThatServer.check("https://93.184.215.15/hook")).hasHost("93.184.215.15");
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Test
    void shouldNotDeliverAWebhookToFlytrapsOwnPortOnThisMachinesAddress() throws Exception {
        InetAddress own = ownAddresses().getFirst();
        AtomicInteger connections = new AtomicInteger();
        // a receiver on this machine's network address, as Flytrap listens on every interface
        HttpServer flytrap = HttpServer.create(new InetSocketAddress(own, 0), 0);
        flytrap.createContext("/", exchange -> {
            connections.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        flytrap.start();
        try {
            assertThatThrownBy(() -> new AlertHttp(guard).postJson("http://" + host(own) + ":" + flytrap.getAddress().getPort()
                    + "/api/v1/projects", "{}", Map.of())).isInstanceOf(PermanentFailure.class)
                    .hasMessageContaining("this server's own addresses");
            assertThat(connections).as("no request reached the server's own port").hasValue(0);
        } finally {
            flytrap.stop(0);
        }
    }

    @Test
    void shouldConnectOnlyToTheAddressesTheGuardCheckedWithoutResolvingTheNameAgain() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            // a name only the guard's resolver knows (.invalid never resolves in DNS), allowed to a loopback receiver
            // as an administrator allows internal targets: the request can only arrive if the HTTP client connects
            // to the guard's answer rather than asking DNS itself
            TargetGuard guarded = new TargetGuard(true, host -> {
                lookups.incrementAndGet();
                return host.equals("hooks.invalid") ? new InetAddress[]{literal("127.0.0.1")} : InetAddress.getAllByName(host);
            }, Set::of);
            new AlertHttp(guarded).postJson("http://hooks.invalid:" + receiver.getAddress().getPort() + "/", "{}", Map.of());
            assertThat(received).hasValue(1);
            assertThat(lookups).as("the name is resolved once per delivery: what was checked is what is connected to")
                    .hasValue(1);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void shouldRefuseAtDeliveryANameThatNowResolvesInsideAlthoughItWasPublicWhenSaved() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            connections.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        internal.start();
        try {
            AtomicInteger lookups = new AtomicInteger();
            TargetGuard rebinding = new TargetGuard(false, host -> lookups.incrementAndGet() == 1
                    ? new InetAddress[]{literal("93.184.215.14")} : new InetAddress[]{literal("127.0.0.1")}, Set::of);
            String url = "http://rebind.invalid:" + internal.getAddress().getPort() + "/";
            assertThat(rebinding.check(url)).as("public when the channel is saved").hasHost("rebind.invalid");

            assertThatThrownBy(() -> new AlertHttp(rebinding).postJson(url, "{}", Map.of()))
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("internal address");
            assertThat(connections).hasValue(0);
        } finally {
            internal.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://example.com/", "ftp://example.com/", "http://user:pw@93.184.215.14/",
            "not a url", "https:///nohost"})
    void shouldRefuseWhatIsNotAPlainHttpTarget(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptPublicAddressesAndInternalOnesOnlyWhenAnAdministratorAllowsThem() {
        assertThat(guard.check("https://93.184.215.14/services/T0/B0/x")).hasHost("93.184.215.14");
        assertThat(new TargetGuard(true).check("http://127.0.0.1:9/hook")).hasPort(9);
    }

    @Test
    void shouldMakeNoConnectionToAnInternalTargetAtSendTime() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            connections.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        internal.start();
        try {
            // e.g. a channel saved while its name resolved to a public address, now pointing at loopback
            assertThatThrownBy(() -> new AlertHttp(guard).postJson("http://127.0.0.1:" + internal.getAddress().getPort() + "/",
                    "{}", Map.of())).isInstanceOf(PermanentFailure.class).hasMessageContaining("internal address");
            assertThat(connections).hasValue(0);
        } finally {
            internal.stop(0);
        }
    }

    @Test
    void shouldNotFollowRedirects() throws Exception {
        AtomicInteger followed = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getResponseHeaders().add("location", "/inside");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/inside", exchange -> {
            followed.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            assertThatThrownBy(() -> new AlertHttp(new TargetGuard(true)).postJson("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/hook", "{}", Map.of())).isInstanceOf(PermanentFailure.class).hasMessageContaining("302");
            assertThat(followed).hasValue(0);
        } finally {
            server.stop(0);
        }
    }
}
