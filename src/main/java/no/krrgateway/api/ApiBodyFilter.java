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
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives an authenticated caller's body without blocking (Tomcat times each read only), so stalls hold no thread. */
public record ApiBodyFilter(ApiProperties api, ApiMetrics metrics, Map<String, Integer> held) implements Filter {

    private static final Logger log = LoggerFactory.getLogger(ApiBodyFilter.class);
    private static final String RECEIVED = ApiBodyFilter.class.getName() + ".received";

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // Our own dispatch once the body is in (or Spring MVC's, with the answer: the body is not read again).
            byte[] body = (byte[]) request.getAttribute(RECEIVED);
            request.removeAttribute(RECEIVED);
            try {
                chain.doFilter(body == null ? request : new HttpServletRequestWrapper(request) {
                    @Override
                    public BufferedReader getReader() { // platform-http reads the body through this, not as a stream
                        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                                Charset.forName(Objects.requireNonNullElse(getCharacterEncoding(), "UTF-8"))));
                    }
                }, response);
            } catch (ServletException e) { // every request thread busy (ApiConfiguration.platformHttpEngine)
                if (!(e.getCause() instanceof ApiProblem busy) || response.isCommitted()) {
                    throw e;
                }
                busy.refuse((HttpServletResponse) response, metrics, System.nanoTime());
            }
        } else if (request.getDispatcherType() != DispatcherType.REQUEST || !"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
        } else if (request.getContentLengthLong() > api.maxBodySize().toBytes()) {
            ApiProblem.TOO_LARGE.refuse((HttpServletResponse) response, metrics, System.nanoTime());
        } else {
            AsyncContext async = request.startAsync();
            Reading reading = new Reading(async);
            async.addListener(reading);
            // A body held in memory until it is in counts against its client's share of the requests at once.
            if (held.merge(reading.client, 1, Integer::sum) > api.requestsPerClient()) {
                reading.end(ApiProblem.busy(api.retryAfter()));
            } else {
                async.setTimeout(api.bodyTimeout().toMillis());
                request.getInputStream().setReadListener(reading);
            }
        }
    }

    private final class Reading implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final String client = String.valueOf(Caller.clientId(api.clientIdClaim())); // "null": names nobody
        private final long started = System.nanoTime();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private boolean over;

        Reading(AsyncContext async) {
            this.async = async;
        }

        @Override
        public synchronized void onDataAvailable() throws IOException {
            ServletInputStream in = async.getRequest().getInputStream();
            int read;
            while (!over && in.isReady() && (read = in.read(buffer)) >= 0) {
                if (body.size() + read > api.maxBodySize().toBytes()) {
                    end(ApiProblem.TOO_LARGE);
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
            if (!over) { // the caller went away or the connection failed: nobody to answer
                over = true;
                log.debug("An API request's body could not be read: {}", failure.getClass().getName());
                async.complete();
            }
        }

        @Override
        public synchronized void onTimeout(AsyncEvent event) throws IOException {
            end(ApiProblem.TOO_SLOW);
        }

        @Override // the request's end, Spring MVC's cycle included
        public void onComplete(AsyncEvent event) {
            held.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override // Spring MVC's own async answer: its reading is done, only onComplete is left
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }

        private void end(ApiProblem problem) throws IOException {
            if (over) {
                return;
            }
            over = true;
            try {
                problem.refuse((HttpServletResponse) async.getResponse(), metrics, started);
            } finally {
                async.complete();
            }
        }
    }
}
