package io.flytrap.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the shared test PostgreSQL, so a test can take "the database" away from one application
 * without stopping the server every other test uses. {@link #cut()} does what a kill -9 of the postmaster does to
 * its clients: open connections are reset and new ones refused. {@link #freeze()} does what a SIGSTOP does: connections
 * are accepted and nothing is ever answered. {@link #restore()} brings it back on the same port.
 */
public final class DatabaseOutage implements Closeable, AfterEachCallback, AfterAllCallback {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean frozen;

    private DatabaseOutage(InetSocketAddress target) {
        this.target = target;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptInBackground(listener);
    }

    /** A relay to the shared test database, up. */
    public static DatabaseOutage relay() {
        URI server = URI.create(TestDatabase.connection().url().substring("jdbc:".length()));
        return new DatabaseOutage(new InetSocketAddress(server.getHost(), server.getPort()));
    }

    /** The shared test database's JDBC URL, through this relay. */
    public String jdbcUrl() {
        return TestDatabase.connection().url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    public String username() {
        return TestDatabase.connection().username();
    }

    public String password() {
        return TestDatabase.connection().password();
    }

    /** Points the application's data source at the relay; call it from a test's {@code @DynamicPropertySource}. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }

    /** Connections are reset and new ones refused, as when the database process dies. */
    public synchronized void cut() {
        closeQuietly(listener);
        open.forEach(DatabaseOutage::closeQuietly);
        open.clear();
    }

    /** Nothing passes either way until {@link #restore()}; connections stay open and new ones are accepted. */
    public void freeze() {
        frozen = true;
    }

    public synchronized void restore() {
        frozen = false;
        notifyAll();
        if (listener.isClosed()) {
            listener = listen(port);
            acceptInBackground(listener);
        }
    }

    /** As a JUnit extension ({@code @RegisterExtension}): the database is back after each test, the relay closed after all. */
    @Override
    public void afterEach(ExtensionContext context) {
        restore();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true); // the port of a cut relay is taken again at once on restore
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port, e);
        }
    }

    private void acceptInBackground(ServerSocket socket) {
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket(target.getAddress(), target.getPort());
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                } catch (IOException closed) {
                    return; // cut
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitThaw();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // one side closed or was cut: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset, as the kernel sends for a killed process's sockets
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
