// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import java.time.Duration;

/** An RFC 9457 problem in the gateway's own words: never the caller's input, an exception's message or a URL. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String code;
    private final Duration retryAfter;

    /** A problem whose reason code is its type: {@code consumer-org-refused} is {@code CONSUMER_ORG_REFUSED}. */
    public ApiProblem(int status, String type, String title, String detail, Duration retryAfter) {
        this(status, type, title, type.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), detail, retryAfter);
    }

    public ApiProblem(int status, String type, String title, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static ApiProblem tooLarge() {
        return new ApiProblem(413, "body-too-large", "The body is too large",
                "the body is larger than gateway.api.max-body-size", null);
    }

    static ApiProblem tooSlow() {
        return new ApiProblem(408, "body-timeout", "The body did not arrive in time",
                "the body did not arrive within gateway.api.body-timeout", null);
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

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
