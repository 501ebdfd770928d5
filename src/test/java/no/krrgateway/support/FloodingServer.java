// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on loopback HTTP that answers {@code path} with a 200, {@code firstBytes} and then spaces without end
 * (chunked, or under a declared Content-Length), until the client closes the connection: what a client reading the
 * whole body holds in memory, in full.
 */
public final class FloodingServer implements AutoCloseable {

    /** Past this the server gives up by itself, so that a client that reads everything still ends. */
    private static final long MOST = 64L << 20;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean closedByClient = new AtomicBoolean();
    private final HttpServer server;

    /** @param declaredLength the Content-Length sent, or 0 for a chunked body */
    public FloodingServer(String path, String firstBytes, long declaredLength) {
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
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(firstBytes.getBytes(StandardCharsets.UTF_8));
                for (long sent = 0; sent < MOST; sent += spaces.length) {
                    body.write(spaces);
                }
            } catch (IOException closed) {
                closedByClient.set(true);
            }
        });
        server.start();
    }

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
