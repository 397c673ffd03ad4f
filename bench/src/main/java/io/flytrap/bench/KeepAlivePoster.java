package io.flytrap.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;

/**
 * A load generator that costs the machine little: POSTs over a fixed set of keep-alive HTTP/1.1 connections, each
 * served by one thread that writes a request and reads its answer. The benchmarks run client and server on the same
 * two cores, and the JDK's HttpClient spent about half a core on 1,000 requests a second (its selector and worker
 * threads, measured per thread from /proc in the end-to-end benchmark): CPU a real client, on another machine,
 * never takes from the server. Only what the benchmarks send is spoken: a body with a Content-Length, an answer
 * with a Content-Length or chunked; any other answer, or a dropped connection, counts as status 0 and the
 * connection is opened again.
 */
final class KeepAlivePoster implements AutoCloseable {

    private record Post(byte[] body, IntConsumer answered) {
    }

    private static final Post STOP = new Post(new byte[0], status -> { });

    private final InetSocketAddress server;
    private final String path;
    private final Map<String, String> headers;
    private final BlockingQueue<Post> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> connections = new ArrayList<>();

    /** {@code connections} requests can be in flight at once; the rest wait in order. */
    KeepAlivePoster(String host, int port, String path, Map<String, String> headers, int connections) {
        this.server = new InetSocketAddress(host, port);
        this.path = path;
        this.headers = Map.copyOf(headers);
        for (int i = 0; i < connections; i++) {
            this.connections.add(Thread.ofPlatform().name("poster-" + i).daemon().start(this::serve));
        }
    }

    /** Queues one POST; {@code answered} gets its status (0: no answer) on a connection's thread. */
    void post(String body, IntConsumer answered) {
        waiting.add(new Post(body.getBytes(StandardCharsets.UTF_8), answered));
    }

    private void serve() {
        Socket socket = null;
        try {
            while (true) {
                Post post = waiting.take();
                if (post == STOP) {
                    return;
                }
                int status = 0;
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(server, 2_000);
                        socket.setSoTimeout(10_000);
                    }
                    Answer answer = exchange(socket, post.body());
                    status = answer.status();
                    if (answer.closes()) {
                        socket.close();
                        socket = null;
                    }
                } catch (IOException failed) {
                    closeQuietly(socket);
                    socket = null;
                }
                post.answered().accept(status);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private record Answer(int status, boolean closes) {
    }

    private Answer exchange(Socket socket, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(server.getHostString()).append(':').append(server.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
                in.skipNBytes(size + 2);
            }
            line(in); // the empty trailer
        } else if (length >= 0) {
            in.skipNBytes(length);
        } else {
            closes = true; // the body ends with the connection
        }
        if (in.available() > 0) {
            throw new IOException("more bytes than one answer");
        }
        return new Answer(status, closes);
    }

    /** One header line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer use
            }
        }
    }

    @Override
    public void close() {
        connections.forEach(c -> waiting.add(STOP));
    }
}
