// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives an API request's body within max-body-size (413) and body-timeout (408) with non-blocking I/O, so stalled
 * bodies hold connections, not threads; then an ASYNC dispatch continues with the bytes. After Spring Security's
 * chain: only an authenticated caller's body is read. Hand-written since Tomcat's timeouts are per read (a trickling
 * body never meets them) and platform-http reads the body in one blocking read.
 */
public final class ApiBodyFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(ApiBodyFilter.class);
    private static final String RECEIVED = ApiBodyFilter.class.getName() + ".received";

    private final long maxBytes;
    private final Duration timeout;
    private final ProblemWriter problems;

    public interface ProblemWriter {
        void write(HttpServletResponse response, ApiProblem problem, long startedNanos) throws IOException;
    }

    public ApiBodyFilter(long maxBytes, Duration timeout, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.problems = problems;
    }

    static ApiProblem tooLarge() {
        return new ApiProblem(413, "body-too-large", "The body is too large",
                "the body is larger than gateway.api.max-body-size", null);
    }

    static ApiProblem tooSlow() {
        return new ApiProblem(408, "body-timeout", "The body did not arrive in time",
                "the body did not arrive within gateway.api.body-timeout", null);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // Our own dispatch once the body is in (or Spring MVC's, with the answer: the body is not read again).
            byte[] body = (byte[]) request.getAttribute(RECEIVED);
            request.removeAttribute(RECEIVED);
            chain.doFilter(body == null ? request : new Received(request, body), servletResponse);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !"POST".equals(request.getMethod())) {
            chain.doFilter(request, servletResponse);
            return;
        }
        long started = System.nanoTime();
        if (request.getContentLengthLong() > maxBytes) {
            problems.write((HttpServletResponse) servletResponse, tooLarge(), started);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis());
        Reading reading = new Reading(async, request.getInputStream(), started);
        async.addListener(reading);
        request.getInputStream().setReadListener(reading);
    }

    private final class Reading implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final long started;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private boolean over;

        Reading(AsyncContext async, ServletInputStream in, long started) {
            this.async = async;
            this.in = in;
            this.started = started;
        }

        @Override
        public synchronized void onDataAvailable() throws IOException {
            while (!over && in.isReady()) {
                int read = in.read(buffer);
                if (read < 0) {
                    return;
                }
                if (body.size() + read > maxBytes) {
                    end(tooLarge());
                    return;
                }
                body.write(buffer, 0, read);
            }
        }

        @Override
        public synchronized void onAllDataRead() {
            if (!over) {
                over = true;
                async.getRequest().setAttribute(RECEIVED, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public synchronized void onError(Throwable failure) {
            // The caller went away or the connection failed: nobody to answer.
            if (!over) {
                over = true;
                log.debug("An API request's body could not be read: {}", failure.getClass().getName());
                async.complete();
            }
        }

        @Override
        public synchronized void onTimeout(AsyncEvent event) throws IOException {
            end(tooSlow());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Spring MVC's own asynchronous answer starts a new cycle: this listener is done.
        }

        private void end(ApiProblem problem) throws IOException {
            if (over) {
                return;
            }
            over = true;
            try {
                problems.write((HttpServletResponse) async.getResponse(), problem, started);
            } finally {
                async.complete();
            }
        }
    }

    private static final class Received extends HttpServletRequestWrapper {
        private final byte[] body;

        Received(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] into, int offset, int length) {
                    return bytes.read(into, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is received already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
