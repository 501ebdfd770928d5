// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.krrgateway.audit.AuditTrail.AuditProperties;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.logging.LogMasking;
import no.krrgateway.channel.kafka.CompletionTally;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import no.krrgateway.verdict.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
                Optional.empty(), CLOCK.instant()), KrrPerson.notRegistered(id), null);
    }

    private static PersonOutcome error(RequestContext context, String id, ErrorCode code) {
        return new PersonOutcome.Error(context, id, code, "no", null);
    }

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AuditTrail.LOGGER)).addAppender(appender);
    }

    @AfterEach
    void release() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AuditTrail.LOGGER)).detachAppender(appender);
    }

    private List<JsonNode> audited() throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            events.add(new ObjectMapper().readTree(event.getFormattedMessage()));
        }
        appender.list.clear();
        return events;
    }

    private static AuditTrail trail(String secret) {
        return new AuditTrail(CLOCK, new ObjectMapper(), "991825827", new AuditProperties(true, secret));
    }

    /** A Kafka batch's tally as the channel keeps it: the orgs the reader told, the outcomes as published. */
    private static CompletionTally batch(Map<RequestContext, String> orgs, List<List<PersonOutcome>> slices) {
        var tally = new CompletionTally(CLOCK.instant());
        orgs.forEach((context, org) -> tally.lookedUpFor((OutcomeSource.Kafka) context.source(), org));
        slices.forEach(tally::add);
        return tally;
    }

    private static RequestTally file(String name, List<PersonOutcome> outcomes) {
        var tally = new RequestTally(new RequestContext("file:" + name, null, new OutcomeSource.File(name, 0)), null,
                CLOCK.instant(), List.of());
        outcomes.forEach(tally::add);
        return tally;
    }

    @Test
    void committed_kafkaRecordsAndAFile_oneEventPerRequestWithCounts() throws Exception {
        var fileLine1 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 1));
        var fileLine2 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 2));
        AuditTrail trail = trail(null);
        trail.committed(batch(Map.of(), List.of(List.of(result(record7, A, true), result(record8, B, false),
                error(record7, C, ErrorCode.INVALID_ID)))).completions());
        trail.committed(List.of(file("batch.txt", List.of(result(fileLine1, A, true), result(fileLine2, B, true)))));
        List<JsonNode> events = audited();

        assertThat(events).hasSize(3);
        JsonNode first = events.get(0);
        assertFields(first, """
                {"event": "lookup", "at": "2026-11-27T01:00:00Z", "channel": "kafka",
                 "source": "krr.lookup.requests-2-7", "requestId": "r-1", "correlationId": "corr-1",
                 "consumerOrg": "991825827", "ids": 2}""");
        assertThat(first.get("outcomes").toString()).isEqualTo(
                "{\"results\":1,\"notifiable\":1,\"errors\":{\"INVALID_ID\":1}}");
        assertThat(events.get(1).has("correlationId")).isFalse();
        assertFields(events.get(2), """
                {"channel": "file", "source": "batch.txt", "ids": 2}""");
        assertThat(events.toString()).doesNotContain(A).doesNotContain(B).doesNotContain(C)
                .doesNotContain("idHmacs");
    }

    @Test
    void idHashes_hmacSecretSet_keyedHashOfEachIdNoIdInClear() throws Exception {
        trail(SECRET).idHashes(List.of(result(record7, A, true), error(record7, C, ErrorCode.INVALID_ID)));
        List<JsonNode> events = audited();

        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("event").asText()).isEqualTo("lookup-ids");
        assertThat(events.get(0).get("idHmacs")).extracting(node -> node.asText())
                .containsExactly(hmac(A), hmac(C));
        assertThat(events.toString()).doesNotContain(A).doesNotContain(C);
        assertThat(hmac(A)).doesNotContainPattern("\\d{11}");
    }

    @Test
    void committed_kafkaRecordOverSlices_oneEventWithTheOrgItNamed() throws Exception {
        AuditTrail trail = trail(null);
        // record 7 names its own org and is spread over two slices; record 8 names none
        CompletionTally tally = batch(Map.of(record7, "910000001"), List.of(
                List.of(result(record7, A, true), result(record8, B, false)),
                List.of(error(record7, C, ErrorCode.KRR_REJECTED))));
        assertThat(audited()).as("nothing before the batch is committed").isEmpty();

        trail.committed(tally.completions());

        List<JsonNode> events = audited();
        assertThat(events).hasSize(2);
        assertFields(events.get(0), """
                {"requestId": "r-1", "consumerOrg": "910000001", "ids": 2}""");
        assertThat(events.get(0).get("outcomes").toString()).isEqualTo(
                "{\"results\":1,\"notifiable\":1,\"errors\":{\"KRR_REJECTED\":1}}");
        assertThat(events.get(1).get("requestId").asText()).isEqualTo("r-2");
        assertThat(events.get(1).get("consumerOrg").asText()).as("the default").isEqualTo("991825827");
    }

    /** Runs of one request's outcomes are counted together; a request seen again, or an equal context, adds up. */
    @Test
    void committed_requestsInterleavedAndEqualContexts_countedPerRequest() throws Exception {
        var record7Again = new RequestContext(record7.requestId(), record7.correlationId(), record7.source());
        var fileLine = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 1));
        CompletionTally tally = batch(Map.of(record8, "910000001"), List.of(List.of(result(record7, A, true),
                result(record7, B, false), result(record8, A, true), result(fileLine, A, true),
                error(record7Again, C, ErrorCode.INVALID_ID), result(record8, B, true))));

        trail(null).committed(tally.completions());

        List<JsonNode> events = audited();
        assertThat(events).hasSize(2);
        assertFields(events.get(0), """
                {"requestId": "r-1", "ids": 3}""");
        assertThat(events.get(0).get("consumerOrg").asText()).as("the default").isEqualTo("991825827");
        assertThat(events.get(0).get("outcomes").toString()).isEqualTo(
                "{\"results\":2,\"notifiable\":1,\"errors\":{\"INVALID_ID\":1}}");
        assertFields(events.get(1), """
                {"requestId": "r-2", "ids": 2, "consumerOrg": "910000001"}""");
        assertThat(events.get(1).get("outcomes").toString()).isEqualTo(
                "{\"results\":2,\"notifiable\":2,\"errors\":{}}");
    }

    /**
     * A producer controls a record's requestId, correlation id and org, and a file's name: ids, e-mail addresses and
     * phone numbers planted there must never reach a written audit line (LogMasking's net in front of every appender,
     * as in production). Fails if the audit logger ever bypasses the net without masking those fields itself.
     */
    @Test
    void committed_idsPlantedInProducerFields_neverWritten() throws Exception {
        var planted = new RequestContext("req " + A + " or 209146 95016", "kari.nordmann@example.no/+4799887766",
                new OutcomeSource.Kafka("krr.lookup.requests", 2, 9));
        String lines = written(trail -> {
            trail.committed(batch(Map.of(planted, C + "@example.no"), List.of(List.of(result(planted, A, true))))
                    .completions());
            trail.committed(List.of(file(B + ".txt", List.of(result(record7, A, true)))));
        }, CLOCK);

        assertThat(lines).contains("\"event\":\"lookup\"").contains("***********").contains("***@***")
                .doesNotContain(A).doesNotContain(B).doesNotContain(C).doesNotContain("209146")
                .doesNotContain("kari.nordmann").doesNotContain("99887766");
        assertThat(lines.lines()).hasSize(2);
    }

    /** The audit lines as written through LogMasking's net in front of every appender, as in production. */
    private String written(java.util.function.Consumer<AuditTrail> audit, Clock clock) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger(AuditTrail.LOGGER);
        release();
        var written = new ByteArrayOutputStream();
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        var stream = new OutputStreamAppender<ILoggingEvent>();
        stream.setName("audit-planted");
        stream.setContext(context);
        stream.setEncoder(encoder);
        stream.setOutputStream(written);
        stream.start();
        logger.addAppender(stream);
        try {
            LogMasking.install(context);
            audit.accept(new AuditTrail(clock, new ObjectMapper(), "991825827", new AuditProperties(true, null)));
        } finally {
            logger.detachAppender("audit-planted");
        }
        return written.toString(StandardCharsets.UTF_8);
    }

    /** A clock's nanoseconds after the seconds make 11 digits, which LogMasking would mask as a person id. */
    @Test
    void committed_clockWithNanoseconds_timeWrittenToTheMillisecond() {
        Clock nanos = Clock.fixed(Instant.parse("2026-11-27T01:00:41.123456789Z"), ZoneOffset.UTC);

        String lines = written(trail -> trail.committed(List.of(file("ids.txt", List.of(result(record7, A, true))))),
                nanos);

        assertThat(lines).contains("\"at\":\"2026-11-27T01:00:41.123Z\"");
    }

    @Test
    void idHashes_fileChunk_noLookupEventOnlyHashesPerChunk() throws Exception {
        var line1 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 1));
        var line2 = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 2));
        trail(null).idHashes(List.of(result(line1, A, true), result(line2, B, true)));
        assertThat(audited()).as("no hashes without a secret").isEmpty();

        trail(SECRET).idHashes(List.of(result(line1, A, true), result(line2, B, true)));

        List<JsonNode> events = audited();
        assertThat(events).hasSize(1);
        assertFields(events.get(0), """
                {"event": "lookup-ids", "requestId": "file:batch.txt", "source": "batch.txt"}""");
        assertThat(events.get(0).get("idHmacs")).extracting(JsonNode::asText).containsExactly(hmac(A), hmac(B));
        assertThat(events.toString()).doesNotContain(A).doesNotContain(B);
    }

    @Test
    void committed_file_oneEventWithTheFilesCounts() throws Exception {
        var line = new RequestContext("file:batch.txt", null, new OutcomeSource.File("batch.txt", 1));
        List<PersonOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 4990; i++) {
            outcomes.add(result(line, A, i < 4000));
        }
        for (int i = 0; i < 10; i++) {
            outcomes.add(error(line, C, ErrorCode.INVALID_ID));
        }
        trail(SECRET).committed(List.of(file("batch.txt", outcomes)));

        List<JsonNode> events = audited();
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertFields(event, """
                {"event": "lookup", "channel": "file", "source": "batch.txt", "requestId": "file:batch.txt",
                 "consumerOrg": "991825827", "ids": 5000}""");
        assertThat(event.get("outcomes").toString()).isEqualTo(
                "{\"results\":4990,\"notifiable\":4000,\"errors\":{\"INVALID_ID\":10}}");
        assertThat(event.has("idHmacs")).isFalse();
    }

    @Test
    void apiLookedUp_orgNamed_eventCarriesItElseTheDefault() throws Exception {
        var api = new RequestContext("api-1", null, new OutcomeSource.Api());
        List<PersonOutcome> outcomes = List.of(result(api, A, true));
        trail(null).apiLookedUp(RequestTally.of(api, "910000001", outcomes), "esb-1", false, outcomes);
        trail(null).apiLookedUp(RequestTally.of(api, null, outcomes), "esb-2", true, outcomes);

        List<JsonNode> events = audited();
        assertThat(events).extracting(event -> event.get("consumerOrg").asText())
                .containsExactly("910000001", "991825827");
        assertThat(events).extracting(event -> event.get("source").asText())
                .containsExactly("client:esb-1", "client:esb-2");
        assertThat(events).extracting(event -> event.get("channel").asText()).containsOnly("api");
        assertThat(events).extracting(event -> event.path("callerGaveUp").asBoolean()).containsExactly(false, true);
        assertThat(events.toString()).doesNotContain(A).doesNotContain("idHmacs");
    }

    @Test
    void apiLookedUp_hmacSecretSet_theRequestsHashesInItsEvent() throws Exception {
        var api = new RequestContext("api-1", "c-9", new OutcomeSource.Api());
        List<PersonOutcome> outcomes = List.of(result(api, A, true), error(api, C, ErrorCode.INVALID_ID));
        trail(SECRET).apiLookedUp(RequestTally.of(api, null, outcomes), "case-system-7", false, outcomes);

        JsonNode event = audited().get(0);
        assertThat(event.get("source").asText()).isEqualTo("client:case-system-7");
        assertThat(event.get("idHmacs")).extracting(JsonNode::asText).containsExactly(hmac(A), hmac(C));
        assertThat(event.toString()).doesNotContain(A).doesNotContain(C);
    }

    @Test
    void properties_shortSecret_refusedAndNeverPrinted() {
        assertThat(new AuditProperties(true, "short").isHmacSecretLongEnough()).isFalse();
        // set but empty (a secret missing from the environment): refused, not audit events silently without HMACs
        assertThat(new AuditProperties(true, "").isHmacSecretLongEnough()).isFalse();
        assertThat(new AuditProperties(true, SECRET).toString()).doesNotContain(SECRET);
    }

    private static String hmac(String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
