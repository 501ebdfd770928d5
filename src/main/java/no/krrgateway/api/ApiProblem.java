// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.ModelAndView;

/** An RFC 9457 problem in the gateway's own words: never the caller's input, an exception's message or a URL. */
public class ApiProblem extends RuntimeException {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(ApiProblem.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Its JSON, members in this order: RFC 9457's and the gateway's reason code. */
    public record Body(String type, String title, int status, String code, String detail) {
    }

    /** Without a stack trace, so one instance serves every refusal. */
    static final ApiProblem TOO_LARGE = new ApiProblem(413, "body-too-large", "The body is too large",
            "the body is larger than gateway.api.max-body-size", null);
    static final ApiProblem TOO_SLOW = new ApiProblem(408, "body-timeout", "The body did not arrive in time",
            "the body did not arrive within gateway.api.body-timeout", null);

    private final Body body;
    private final Duration retryAfter;

    public ApiProblem(int status, String type, String title, String detail, Duration retryAfter) {
        this(status, type, title, type.toUpperCase(Locale.ROOT).replace('-', '_'), detail, retryAfter);
    }

    public ApiProblem(int status, String type, String title, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.body = new Body("urn:krr-gateway:problem:" + type, title, status, code, detail);
        this.retryAfter = retryAfter;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "The request is not a valid lookup request", detail, null);
    }

    static void badRequestIf(String problem) {
        if (problem != null) {
            throw badRequest(problem);
        }
    }

    /** The failure as the caller sees it: anything but an ApiProblem is a 500 in fixed words, and logged. */
    static ApiProblem of(Exception failure) {
        if (failure instanceof ApiProblem known) {
            return known;
        }
        log.error("The API request failed unexpectedly: {}", failure.getClass().getName(), failure);
        return new ApiProblem(500, "internal-error", "The gateway failed",
                "an unexpected failure; the gateway's log has it", null);
    }

    /** A HandlerExceptionResolver: the API's 405 and 415, with Spring's Allow or Accept header, counted; else null. */
    static ModelAndView notTaken(HttpServletRequest request, HttpServletResponse response, Exception failure,
                                 ApiMetrics metrics) {
        if (!(failure instanceof ErrorResponse refused) || !request.getRequestURI().startsWith("/api/")
                || !Set.of(405, 415).contains(refused.getStatusCode().value())) {
            return null;
        }
        HttpStatus status = HttpStatus.valueOf(refused.getStatusCode().value());
        refused.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        try {
            new ApiProblem(status.value(), status.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    status.getReasonPhrase(), "the API does not take this method or media type; the Allow or "
                    + "Accept header names those it takes", null).refuse(response, metrics, System.nanoTime());
        } catch (IOException gone) { // the caller went away: nobody to answer
        }
        return new ModelAndView();
    }

    public Body body() {
        return body;
    }

    /** Too many requests at once, of all clients or of this one. */
    static ApiProblem busy(Duration retryAfter) {
        return new ApiProblem(503, "overloaded", "Too many lookups are waiting", "too many requests wait, of all "
                + "clients or of this one (gateway.api.max-concurrent-requests); try again after Retry-After",
                retryAfter);
    }

    /** Tomcat's own 400 (a request line or headers it refuses: server.max-http-request-header-size, 100 headers). */
    static ErrorReportValve tomcatErrors() {
        ErrorReportValve valve = new ErrorReportValve() {
            @Override // else Tomcat's page, without report or server info
            protected void report(Request request, Response response, Throwable failure) {
                if (response.getStatus() != 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                    super.report(request, response, failure);
                    return;
                }
                try {
                    badRequest("the request line or headers are malformed or over the web server's limits")
                            .write(response.getResponse());
                    response.finishResponse();
                } catch (IOException gone) { // the caller went away: nobody to answer
                }
            }
        };
        valve.setShowReport(false);
        valve.setShowServerInfo(false);
        return valve;
    }

    /** Null: no Retry-After. */
    String retryAfterSeconds() {
        return retryAfter == null ? null : String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    String json() {
        return JSON.valueToTree(body).toString();
    }

    /** Answered before or beside the route (ApiBodyFilter, Spring MVC, Spring Security), and counted. */
    void refuse(HttpServletResponse response, ApiMetrics metrics, long started) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        write(response);
        metrics.answered(body.status(), 0, started);
    }

    /** Answered, not counted: by {@link #refuse}, and by Tomcat's valve (outside the API's metrics). */
    void write(HttpServletResponse response) throws IOException {
        response.setStatus(body.status());
        response.setContentType(MEDIA_TYPE);
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfterSeconds());
        }
        // Bytes, not the writer: the writer would append a charset parameter that problem+json does not define.
        response.getOutputStream().write(json().getBytes(StandardCharsets.UTF_8));
    }
}
