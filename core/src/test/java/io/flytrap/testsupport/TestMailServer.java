package io.flytrap.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A real SMTP server (GreenMail) on a free loopback port, for tests of what Flytrap e-mails. Start it in a static
 * field (it must run before the Spring context reads its port) and hand it to Spring with {@link #register}:
 * <pre>
 * static final GreenMail SMTP = TestMailServer.start();
 * &#64;DynamicPropertySource static void mailServer(DynamicPropertyRegistry registry) { TestMailServer.register(registry, SMTP); }
 * </pre>
 */
public final class TestMailServer {

    private TestMailServer() {
    }

    public static GreenMail start() {
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** Points Spring's mail sender at the server. */
    public static void register(DynamicPropertyRegistry registry, GreenMail smtp) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
