// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.verdict.Verdict;
import org.junit.jupiter.api.Test;

/** One event per request with its source and counts; never an id in clear; HMACs only when a secret is set. */
class AuditTrailTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T01:00:00Z"), ZoneOffset.UTC);
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private static final String A = "20914695016";
    private static final String B = "23079421936";
    private static final String C = "01819010001";

    private final RequestContext record7 = new RequestContext("r-1", "corr-1",
            new OutcomeSource.Kafka("krr.lookup.requests", 2, 7));
    private final RequestContext record8 = new RequestContext("r-2", null,
            new OutcomeSource.Kafka("krr.lookup.requests", 2, 8));

    private static PersonOutcome result(RequestContext context, String id, boolean notifiable) {
        return new PersonOutcome.Result(context, id, new Verdict(notifiable, List.of(), Optional.empty(),
                Optional.empty(), CLOCK.instant()), KrrPerson.notRegistered(id));
    }

    private static PersonOutcome error(RequestContext context, String id, ErrorCode code) {
        return new PersonOutcome.Error(context, id, code, "no", null);
    }

    private static AuditTrail trail(String secret) {
        return new AuditTrail(CLOCK, new ObjectMapper(), "991825827", new AuditProperties(true, secret));
    }

    @Test
    void events_kafkaRecordsAndFileLines_oneEventPerRequestWithCounts() {
        var fileLine1 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 1));
        var fileLine2 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 2));
        List<ObjectNode> events = trail(null).events(List.of(result(record7, A, true), result(record8, B, false),
                error(record7, C, ErrorCode.INVALID_ID), result(fileLine1, A, true), result(fileLine2, B, true)));

        assertThat(events).hasSize(3);
        ObjectNode first = events.get(0);
        assertThat(first.get("event").asText()).isEqualTo("lookup");
        assertThat(first.get("at").asText()).isEqualTo("2026-11-27T01:00:00Z");
        assertThat(first.get("channel").asText()).isEqualTo("kafka");
        assertThat(first.get("source").asText()).isEqualTo("krr.lookup.requests-2-7");
        assertThat(first.get("requestId").asText()).isEqualTo("r-1");
        assertThat(first.get("correlationId").asText()).isEqualTo("corr-1");
        assertThat(first.get("consumerOrg").asText()).isEqualTo("991825827");
        assertThat(first.get("ids").asInt()).isEqualTo(2);
        assertThat(first.get("outcomes").toString()).isEqualTo(
                "{\"results\":1,\"notifiable\":1,\"errors\":{\"INVALID_ID\":1}}");
        assertThat(events.get(1).has("correlationId")).isFalse();
        assertThat(events.get(2).get("channel").asText()).isEqualTo("file");
        assertThat(events.get(2).get("source").asText()).isEqualTo("batch.txt");
        assertThat(events.get(2).get("ids").asInt()).isEqualTo(2);
        assertThat(events.toString()).doesNotContain(A).doesNotContain(B).doesNotContain(C)
                .doesNotContain("idHmacs");
    }

    @Test
    void events_hmacSecretSet_keyedHashOfEachIdNoIdInClear() throws Exception {
        List<ObjectNode> events = trail(SECRET).events(List.of(result(record7, A, true),
                error(record7, C, ErrorCode.INVALID_ID)));

        assertThat(events.get(0).get("idHmacs")).extracting(node -> node.asText())
                .containsExactly(hmac(A), hmac(C));
        assertThat(events.toString()).doesNotContain(A).doesNotContain(C);
        assertThat(hmac(A)).doesNotContainPattern("\\d{11}");
    }

    @Test
    void apiClient_jwtCaller_clientIdFromToken() {
        var token = org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t").header("alg", "RS256")
                .subject("someone").claim("client_id", "case-system-7").build();
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken(token));
        try {
            var api = new RequestContext("api-1", "c-9", new OutcomeSource.Api());
            ObjectNode event = trail(null).events(List.of(result(api, A, true))).get(0);
            assertThat(event.get("channel").asText()).isEqualTo("api");
            assertThat(event.get("source").asText()).isEqualTo("client:case-system-7");
            assertThat(event.toString()).doesNotContain(A);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        assertThat(AuditTrail.apiClient()).isEqualTo("anonymous");
    }

    @Test
    void properties_shortSecret_refusedAndNeverPrinted() {
        assertThat(new AuditProperties(true, "short").isHmacSecretLongEnough()).isFalse();
        assertThat(new AuditProperties(true, SECRET).toString()).doesNotContain(SECRET);
    }

    private static String hmac(String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
