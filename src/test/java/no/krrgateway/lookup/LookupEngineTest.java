// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.KrrMisconfiguredException;
import no.krrgateway.krr.KrrUnavailableException;
import no.krrgateway.maskinporten.AccessToken;
import no.krrgateway.maskinporten.AccessTokenProvider;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine against a KRR on loopback HTTP that records every batch it is sent. */
class LookupEngineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RequestContext CONTEXT = new RequestContext("r-1", null, new OutcomeSource.Kafka("t", 0, 0));

    private HttpServer krr;
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<String> batchTokens = new CopyOnWriteArrayList<>();
    private volatile Set<String> badIds = Set.of();
    private volatile int status = 200;
    private volatile int rejectStatus = 400;
    private volatile long delayMillis;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final LookupAvailability availability = new LookupAvailability(Clock.systemUTC());
    private LookupEngine engine;

    @BeforeEach
    void startKrr() throws Exception {
        krr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        krr.createContext("/rest/v2/personer", exchange -> {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            List<String> ids = new ArrayList<>();
            body.get("personidentifikatorer").forEach(id -> ids.add(id.asText()));
            batches.add(ids);
            batchTokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            sleep(delayMillis);
            byte[] answer;
            int code = status;
            if (code == 200 && ids.stream().anyMatch(badIds::contains)) {
                code = rejectStatus;
            }
            if (code == 200) {
                ObjectNode root = MAPPER.createObjectNode();
                ArrayNode persons = root.putArray("personer");
                // Every third id is left out, as KRR v2 may do for persons it does not know.
                for (int i = 0; i < ids.size(); i += 1) {
                    if (ids.get(i).hashCode() % 3 != 0) {
                        persons.addObject().put("personidentifikator", ids.get(i)).put("status", "AKTIV")
                                .put("reservasjon", "NEI").put("ukjentFelt", 1);
                    }
                }
                answer = MAPPER.writeValueAsBytes(root);
            } else {
                answer = "{\"status\":400}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        krr.start();
        var properties = new KrrProperties(URI.create("http://127.0.0.1:" + krr.getAddress().getPort()), 1000,
                Duration.ofMillis(200), 4, Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofMillis(20));
        var client = new KrrClient(HttpClient.newHttpClient(), MAPPER, fixedToken(), properties);
        engine = new LookupEngine(new PersonIdValidator(true), client,
                new Section32Rule(Clock.systemUTC(), Period.ofMonths(18)), pool, 1000, availability);
    }

    @AfterEach
    void stop() {
        krr.stop(0);
        pool.shutdownNow();
    }

    @Test
    void lookup_idsOfTwoCustomersAndTheDefault_neverInOneKrrCallAndEachCallWithItsCustomersToken() {
        List<String> ids = TestIds.valid(30, 33);
        List<LookupItem> items = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String org = i % 3 == 0 ? null : i % 3 == 1 ? "910000001" : "910000002";
            items.add(new LookupItem(ids.get(i), CONTEXT, org));
        }
        // The same id for two customers is looked up for each: they may have different access.
        items.add(new LookupItem(ids.get(1), CONTEXT, "910000002"));

        List<PersonOutcome> outcomes = engine.lookup(new LookupWork(items, List.of()));

        assertThat(outcomes).hasSize(31).extracting(PersonOutcome::personId)
                .containsExactlyElementsOf(items.stream().map(LookupItem::personId).toList());
        assertThat(batches).hasSize(3);
        for (int call = 0; call < batches.size(); call++) {
            String token = batchTokens.get(call);
            Set<String> expected = new java.util.HashSet<>();
            for (LookupItem item : items) {
                String itemToken = "Bearer " + (item.consumerOrg() == null ? "test-token" : "token-for-" + item.consumerOrg());
                if (itemToken.equals(token)) {
                    expected.add(item.personId());
                }
            }
            assertThat(Set.copyOf(batches.get(call))).as("call with " + token).isEqualTo(expected);
        }
        assertThat(Set.copyOf(batchTokens)).containsExactlyInAnyOrder("Bearer test-token",
                "Bearer token-for-910000001", "Bearer token-for-910000002");
    }

    @Test
    void lookup_batchWithTwoBadIds_onlyThoseRejectedFoundByHalving() {
        List<String> ids = TestIds.valid(1000, 31);
        badIds = Set.of(ids.get(17), ids.get(733));

        List<PersonOutcome> outcomes = engine.lookup(work(ids));

        assertThat(outcomes).hasSize(1000);
        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Error)
                .extracting(PersonOutcome::personId).containsExactlyInAnyOrder(ids.get(17), ids.get(733));
        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Error)
                .allSatisfy(o -> assertThat(((PersonOutcome.Error) o).code()).isEqualTo(ErrorCode.KRR_REJECTED));
        assertThat(batches).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(1000));
        assertThat(batches.size()).as("KRR calls to find two bad ids among 1000").isLessThanOrEqualTo(40);
        System.out.printf("halving: %d KRR calls to isolate 2 bad ids among 1000%n", batches.size());
    }

    @Test
    void lookup_krrAnswers422ForBadIds_halvedLike400() {
        rejectStatus = 422;
        List<String> ids = TestIds.valid(1000, 37);
        badIds = Set.of(ids.get(400));

        List<PersonOutcome> outcomes = engine.lookup(work(ids));

        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Error)
                .extracting(PersonOutcome::personId).containsExactly(ids.get(400));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 413, 409, 418})
    void lookup_krrAnswersAnotherClientError_noHalvingNoAnswerAndAConfigurationFault(int code) {
        status = code;

        assertThatThrownBy(() -> engine.lookup(work(TestIds.valid(1000, 38))))
                .isInstanceOf(KrrMisconfiguredException.class)
                .hasMessageContaining("HTTP " + code);

        assertThat(batches).as("one call, not a halving of the batch").hasSize(1);
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.DOWN);
        assertThat(availability.current().code()).isEqualTo(ErrorCode.KRR_MISCONFIGURED);
        assertThat(availability.current().reason()).contains("HTTP " + code).contains("gateway.krr.base-url");
    }

    @Test
    void lookup_repeatsAndInvalidIds_oneKrrLookupPerUniqueValidIdAndOneOutcomePerItemInOrder() {
        List<String> unique = TestIds.valid(2500, 32);
        List<String> items = new ArrayList<>(unique);
        items.add(unique.get(0));
        items.add("12345678901");
        items.add(unique.get(1));

        List<PersonOutcome> outcomes = engine.lookup(work(items));

        assertThat(outcomes).extracting(PersonOutcome::personId).containsExactlyElementsOf(items);
        assertThat(batches).hasSize(3).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(1000));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(2500);
        assertThat(((PersonOutcome.Error) outcomes.get(2501)).code()).isEqualTo(ErrorCode.INVALID_ID);
    }

    @Test
    void lookup_idsKrrLeftOut_answeredNotRegistered() {
        List<String> ids = TestIds.valid(30, 33);
        List<PersonOutcome> outcomes = engine.lookup(work(ids));
        assertThat(outcomes).filteredOn(o -> o.personId().hashCode() % 3 == 0).isNotEmpty()
                .allSatisfy(o -> assertThat(((PersonOutcome.Result) o).krr().raw().get("status").asText())
                        .isEqualTo("IKKE_REGISTRERT"));
        assertThat(outcomes).filteredOn(o -> o.personId().hashCode() % 3 != 0)
                .allSatisfy(o -> assertThat(((PersonOutcome.Result) o).krr().raw().has("ukjentFelt")).isTrue());
    }

    @Test
    void lookup_krrDown_throwsUnavailableAndReportsDegraded() {
        status = 503;
        assertThatThrownBy(() -> engine.lookup(work(TestIds.valid(5, 34))))
                .isInstanceOf(KrrUnavailableException.class);
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.DEGRADED);
        status = 200;
        engine.lookup(work(TestIds.valid(5, 35)));
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.UP);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AccessTokenProvider fixedToken() {
        return new AccessTokenProvider() {
            @Override
            public AccessToken token() {
                return new AccessToken("test-token", Instant.now(), Instant.now().plusSeconds(120));
            }

            @Override
            public AccessToken token(String consumerOrg) {
                return new AccessToken("token-for-" + consumerOrg, Instant.now(), Instant.now().plusSeconds(120));
            }

            @Override
            public void invalidate(AccessToken refused) {
            }
        };
    }

    private static LookupWork work(List<String> ids) {
        return new LookupWork(ids.stream().map(id -> new LookupItem(id, CONTEXT)).toList(), List.of());
    }
}
