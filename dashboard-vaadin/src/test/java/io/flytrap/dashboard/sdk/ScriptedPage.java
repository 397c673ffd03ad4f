package io.flytrap.dashboard.sdk;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A web page and the one SDK script it loads, served on loopback: the app a browser SDK test opens in Chromium. */
final class ScriptedPage {

    private ScriptedPage() {
    }

    /** Serves {@code script} at {@code scriptPath} and {@code page} at every other path; the caller stops it. */
    static HttpServer serve(String page, String scriptPath, byte[] script) throws IOException {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            boolean isScript = exchange.getRequestURI().getPath().equals(scriptPath);
            byte[] body = isScript ? script : page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", isScript ? "text/javascript" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        return site;
    }
}
