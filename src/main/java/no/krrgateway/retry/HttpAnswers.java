// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.retry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** An HTTP answer bounded in time and size, whatever the server sends. */
public final class HttpAnswers {

    private HttpAnswers() {
    }

    /** Maskinporten's token answer, an issuer's metadata: 1 MB, hundreds of times what they hold. */
    public static final long ONE_MB = 1L << 20;

    /**
     * As {@code http.send} with a body of at most {@code maxBytes}: a longer one is refused as it comes (its
     * Content-Length at once) and its connection closed; the request's timeout bounds the body too.
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, long maxBytes)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, info -> bounded(info, maxBytes));
        try {
            return call.get(request.timeout().orElseThrow().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no whole answer within " + request.timeout().orElseThrow());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            call.cancel(true); // closes the connection of an answer still coming
        }
    }

    /**
     * Spring's client for a token issuer, as {@link #send} with ONE_MB (Spring reads its metadata and keys whole). A
     * 2xx answer is reused for 30 s: Spring asks again for any token naming an unknown key id, Nimbus's limit off.
     */
    public static RestTemplate restTemplate(HttpClient http, Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout); // the whole answer, body included
        RestTemplate rest = new RestTemplate(requests);
        AtomicReference<Fetched> last = new AtomicReference<>(new Fetched(null, 0, null));
        rest.getInterceptors().add((request, body, execution) -> {
            Fetched recent = last.get();
            if (request.getURI().equals(recent.uri) && System.nanoTime() - recent.at < TimeUnit.SECONDS.toNanos(30)) {
                return recent.response;
            }
            ClientHttpResponse response = execution.execute(request, body);
            byte[] answer = response.getBody().readNBytes((int) ONE_MB + 1);
            if (answer.length > ONE_MB) {
                response.getBody().close(); // and its connection, unread: the response's close() reads to the end
                throw new TooLarge(response.getStatusCode().value(), ONE_MB);
            }
            var read = (ClientHttpResponse) Proxy.newProxyInstance(ClientHttpResponse.class.getClassLoader(),
                    new Class<?>[] {ClientHttpResponse.class}, (proxy, method, arguments) -> "getBody".equals(
                            method.getName()) ? new ByteArrayInputStream(answer) : method.invoke(response, arguments));
            if (response.getStatusCode().is2xxSuccessful()) {
                last.set(new Fetched(request.getURI(), System.nanoTime(), read));
            }
            return read;
        });
        return rest;
    }

    private record Fetched(URI uri, long at, ClientHttpResponse response) {
    }

    /** An answer whose body is over the most taken; {@code status} is its HTTP status. */
    public static final class TooLarge extends IOException {
        public final int status;

        TooLarge(int status, long maxBytes) {
            super("the answer is over " + maxBytes + " bytes");
            this.status = status;
        }
    }

    /** {@code BodySubscribers.ofByteArray()}, refusing a body past {@code maxBytes} and closing its connection. */
    private static HttpResponse.BodySubscriber<byte[]> bounded(HttpResponse.ResponseInfo info, long maxBytes) {
        HttpResponse.BodySubscriber<byte[]> whole = HttpResponse.BodySubscribers.ofByteArray();
        return new HttpResponse.BodySubscriber<>() {
            private long size;
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                whole.onSubscribe(subscription);
                refused(info.headers().firstValueAsLong("Content-Length").orElse(0)); // at once, before a byte
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                buffers.forEach(buffer -> size += buffer.remaining());
                if (!refused(size)) {
                    whole.onNext(buffers);
                }
            }

            private boolean refused(long bytes) {
                if (bytes > maxBytes) {
                    subscription.cancel();
                    whole.onError(new TooLarge(info.statusCode(), maxBytes));
                }
                return bytes > maxBytes;
            }

            @Override
            public void onError(Throwable failure) {
                whole.onError(failure);
            }

            @Override
            public void onComplete() {
                whole.onComplete();
            }

            @Override
            public CompletionStage<byte[]> getBody() {
                return whole.getBody();
            }
        };
    }
}
