// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import java.time.Duration;

/**
 * A request the API answers with an RFC 9457 problem instead of outcomes. Its texts are the gateway's own, never the
 * caller's input, so no person id can be echoed in an error body.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Duration retryAfter;

    public ApiProblem(int status, String type, String title, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "The request is not a valid lookup request", detail, null);
    }

    public static ApiProblem unavailable(String type, String title, String detail, Duration retryAfter) {
        return new ApiProblem(503, type, title, detail, retryAfter);
    }

    public int status() {
        return status;
    }

    /** A short slug; the body's {@code type} is {@code urn:krr-gateway:problem:<slug>}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** For 503: when to try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
