package io.flytrap.core.alerts;

import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.alerts.AlertSender.PermanentFailure;
import io.flytrap.core.alerts.channels.AlertHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;
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
