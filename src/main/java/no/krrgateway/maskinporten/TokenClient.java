// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.retry.HttpAnswers;
import no.krrgateway.retry.Retries;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** RFC 7523 jwt-bearer; retries 5xx and IO errors. A 4xx is a configuration fault, with Maskinporten's error fields. */
public record TokenClient(HttpClient http, ObjectMapper mapper, SigningKey key,
                          MaskinportenProperties properties, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(TokenClient.class);
    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Bounded: the code goes into each outcome of a refused tenant's ids. */
    private static final Pattern MP_CODE = Pattern.compile("MP-\\d{1,9}(?!\\d)");

    /** A Retry per fetch: it keeps nothing between fetches that the gateway reads. */
    public AccessToken fetch(TokenRequest tokenRequest) {
        return Retries.create("Maskinporten", properties.retryAttempts(), properties.retryBackoff(),
                properties.retryMaxBackoff(), Transient.class::isInstance, fault -> Optional.empty(), log)
                .executeSupplier(() -> attempt(tokenRequest));
    }

    private AccessToken attempt(TokenRequest tokenRequest) {
        SigningKey.Grant grant = key.grant(tokenRequest, properties, clock);
        try (var jti = MDC.putCloseable("grant.jti", grant.jti())) {
            Instant sentAt = clock.instant();
            HttpResponse<byte[]> response = HttpAnswers.send(http, request(grant), HttpAnswers.ONE_MB);
            int status = response.statusCode();
            if (status == 200) {
                return read(response.body(), sentAt);
            }
            if (status >= 400 && status < 500) {
                throw rejected(status, response.body());
            }
            throw new Transient(status, "Maskinporten answered HTTP " + status, null);
        } catch (HttpAnswers.TooLarge e) { // as for an answer without a token: not asked for again
            throw new TokenRequestException.Unavailable(e.status, "Maskinporten's answer: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Transient(0, "Maskinporten did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRequestException.Unavailable(0, "interrupted while asking Maskinporten for a token", e);
        }
    }

    private HttpRequest request(SigningKey.Grant grant) {
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(grant.assertion(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(properties.effectiveTokenUrl())
                .timeout(properties.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    // Expiry counts from when the request was sent, so a slow answer cannot make the token look fresher than it is.
    private AccessToken read(byte[] body, Instant sentAt) throws IOException {
        JsonNode json = mapper.readTree(body);
        String token = json.path("access_token").asText(null);
        long expiresIn = json.path("expires_in").asLong(0);
        // A lifetime beyond an int's seconds (68 years) is no lifetime: its Instant or millis would overflow.
        if (token == null || token.isBlank() || expiresIn <= 0 || expiresIn > Integer.MAX_VALUE) {
            throw new TokenRequestException.Unavailable(200, "Maskinporten answered without access_token or expires_in",
                    null);
        }
        return new AccessToken(token, sentAt, sentAt.plusSeconds(expiresIn));
    }

    private TokenRequestException.Rejected rejected(int status, byte[] body) {
        String error = null;
        String description = null;
        String mpCode = null;
        try {
            JsonNode json = mapper.readTree(body);
            error = StringUtils.abbreviate(json.path("error").asText(null), 100);
            description = StringUtils.abbreviate(json.path("error_description").asText("no error_description"), 500);
            Matcher matcher = MP_CODE.matcher(json.path("error_uri").asText(""));
            mpCode = matcher.find() ? matcher.group() : null;
        } catch (IOException | RuntimeException notJson) {
            description = "(no JSON error body)";
        }
        boolean skew = description != null && description.contains("Issue time is after now");
        String hint = "MP-130".equals(mpCode) || skew ? " (probable clock skew: check this machine's clock)" : "";
        return new TokenRequestException.Rejected(status, error, mpCode, "Maskinporten refused the grant: HTTP "
                + status + " " + error + (mpCode != null ? " " + mpCode : "") + ": " + description + hint);
    }

    /** Maskinporten down or slow (5xx, IO errors, timeouts): retried; the last one is what the caller sees. */
    private static final class Transient extends TokenRequestException.Unavailable {
        Transient(int status, String message, Throwable cause) {
            super(status, message, cause);
        }
    }
}
