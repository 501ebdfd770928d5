// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A server on loopback HTTP that answers {@code path} with a 200 and {@code firstBytes}, then a body that misbehaves. */
abstract class MisbehavingServer implements AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean closedByClient = new AtomicBoolean();
    private final HttpServer server;

    /** @param declaredLength the Content-Length sent, or 0 for a chunked body */
    MisbehavingServer(String path, String firstBytes, long declaredLength) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, declaredLength);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(firstBytes.getBytes(StandardCharsets.UTF_8));
                rest(body);
            } catch (IOException closed) {
                closedByClient.set(true);
            }
        });
        server.start();
    }

    /** What follows the first bytes. */
    abstract void rest(OutputStream body) throws IOException;

    /** {@code path} on this server, e.g. {@code /token}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    /** Whether a write failed because the client closed the connection before the body's end. */
    public boolean closedByClient() {
        return closedByClient.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
