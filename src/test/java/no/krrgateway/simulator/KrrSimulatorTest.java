// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static no.krrgateway.simulator.SimulatorProperties.DIGITALPOST_SCOPE;
import static no.krrgateway.simulator.SimulatorProperties.KONTAKTINFORMASJON_SCOPE;
import static no.krrgateway.simulator.SimulatorTestClients.BOTH_KRR_SCOPES;
import static no.krrgateway.simulator.SimulatorTestClients.accessToken;
import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The simulated KRR over real HTTP, with tokens fetched from the simulated Maskinporten. */
class KrrSimulatorTest extends SimulatorHttpTestBase {

    private static final String V1 = "/krr/rest/v1/personer";
    private static final String V2 = "/krr/rest/v2/personer";

    @Autowired
    SimulatorStats stats;

    @Autowired
    SimulatorKeys simulatorKeys;

    private final Map<String, String> tokens = new HashMap<>();

    @Test
    void personer_withoutToken_is401() throws Exception {
        HttpResponse<String> response = lookup(V2, null, ids(TestPersons.NOTIFIABLE));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(SimulatorTestClients.json(response).get("error").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void personer_withForeignOrGarbageToken_is401() throws Exception {
        String foreign = SimulatorTestClients.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(simulatorKeys.keyId())
                        .build(), claims(Instant.now().plusSeconds(60)),
                SimulatorTestClients.signer(SimulatorTestClients.CLIENT_KEY));

        assertThat(lookup(V2, foreign, ids(TestPersons.NOTIFIABLE)).statusCode()).isEqualTo(401);
        assertThat(lookup(V2, "not-a-jwt", ids(TestPersons.NOTIFIABLE)).statusCode()).isEqualTo(401);
    }

    @Test
    void personer_withExpiredSimulatorToken_is401() throws Exception {
        SignedJWT expired = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(simulatorKeys.keyId()).build(),
                claims(Instant.now().minusSeconds(1)));
        expired.sign(simulatorKeys.signer());

        assertThat(lookup(V2, expired.serialize(), ids(TestPersons.NOTIFIABLE)).statusCode()).isEqualTo(401);
    }

    @Test
    void personer_tokenWithoutKrrScope_is403() throws Exception {
        assertThat(lookup(V2, token(SimulatorTestClients.OTHER_SCOPE), ids(TestPersons.NOTIFIABLE)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void personer_emptyOversizedOrMissingBody_is400() throws Exception {
        String token = token(BOTH_KRR_SCOPES);
        String oversized = IntStream.range(0, 1001).mapToObj(i -> "\"" + TestPersons.NOTIFIABLE.id() + "\"")
                .collect(Collectors.joining(",", "{\"personidentifikatorer\":[", "]}"));

        assertThat(lookup(V2, token, "{\"personidentifikatorer\":[]}").statusCode()).isEqualTo(400);
        assertThat(lookup(V2, token, oversized).statusCode()).isEqualTo(400);
        assertThat(lookup(V1, token, "{}").statusCode()).isEqualTo(400);
        assertThat(lookup(V1, token, "").statusCode()).isEqualTo(400);
        assertThat(lookup(V1, token, "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void v1_notRegisteredAndInvalidIds_comeBackAsIkkeRegistrert() throws Exception {
        Map<String, JsonNode> persons = persons(lookup(V1, token(BOTH_KRR_SCOPES),
                ids(TestPersons.NOTIFIABLE, TestPersons.NOT_REGISTERED).replace("]", ",\"12345678901\"]")));

        assertThat(persons).containsOnlyKeys(TestPersons.NOTIFIABLE.id(), TestPersons.NOT_REGISTERED.id(),
                "12345678901");
        JsonNode notRegistered = persons.get(TestPersons.NOT_REGISTERED.id());
        assertThat(notRegistered.get("status").asText()).isEqualTo("IKKE_REGISTRERT");
        assertThat(notRegistered.get("varslingsstatus").asText()).isEqualTo("KAN_IKKE_VARSLES");
        assertThat(notRegistered.has("reservasjon")).isFalse();
    }

    @Test
    void v2_notRegistered_isLeftOutUnlessAskedFor() throws Exception {
        String token = token(BOTH_KRR_SCOPES);
        String ids = "[\"" + TestPersons.NOTIFIABLE.id() + "\",\"" + TestPersons.NOT_REGISTERED.id() + "\"]";

        assertThat(persons(lookup(V2, token, "{\"personidentifikatorer\":" + ids + "}")))
                .containsOnlyKeys(TestPersons.NOTIFIABLE.id());
        assertThat(persons(lookup(V2, token, "{\"personidentifikatorer\":" + ids + ",\"inkluderIkkeRegistrerte\":false}")))
                .containsOnlyKeys(TestPersons.NOTIFIABLE.id());
        Map<String, JsonNode> included = persons(lookup(V2, token,
                "{\"personidentifikatorer\":" + ids + ",\"inkluderIkkeRegistrerte\":true,\"ukjentFelt\":1}"));
        assertThat(included).containsOnlyKeys(TestPersons.NOTIFIABLE.id(), TestPersons.NOT_REGISTERED.id());
        assertThat(included.get(TestPersons.NOT_REGISTERED.id()).get("status").asText()).isEqualTo("IKKE_REGISTRERT");
    }

    @Test
    void scopes_contactInfoOnly_hidesDigitalPost() throws Exception {
        JsonNode person = one(KONTAKTINFORMASJON_SCOPE, TestPersons.NOTIFIABLE);

        assertFields(person, """
                {"varslingsstatus": "KAN_VARSLES", "kontaktinformasjon": {"mobiltelefonnummer_duplisert": "NEI"},
                 "spraak": "nb", "reservasjon": "NEI"}""");
        assertThat(person.get("kontaktinformasjon").get("epostadresse").asText()).contains("@");
        assertThat(person.fieldNames()).toIterable().doesNotContain("digital_post", "sertifikat");
    }

    @Test
    void scopes_digitalPostOnly_hidesContactInfoAndVarslingsstatus() throws Exception {
        JsonNode person = one(DIGITALPOST_SCOPE, TestPersons.NOTIFIABLE);

        assertFields(person, """
                {"digital_post": {"postkasseleverandoeradresse": "984661185"}, "status": "AKTIV",
                 "reservasjon": "NEI"}""");
        assertThat(person.get("sertifikat").asText()).startsWith("MII");
        assertThat(person.fieldNames()).toIterable().doesNotContain("kontaktinformasjon", "varslingsstatus", "spraak");
    }

    @Test
    void scopes_digitalPost_someCertificatesHaveExpired() throws Exception {
        JsonNode expired = one(BOTH_KRR_SCOPES, TestPersons.EMAIL_FRESH_MOBILE_EXPIRED);

        assertThat(expired.get("digital_post").get("postkasseadresse").asText()).isEqualTo("ola.nordmann#9YDT");
        assertThat(expired.get("sertifikat").asText()).isEqualTo(DigitalPostCertificate.EXPIRED_BASE64_DER);
        assertThat(one(BOTH_KRR_SCOPES, TestPersons.NOTIFIABLE).get("sertifikat").asText())
                .isEqualTo(DigitalPostCertificate.BASE64_DER);
        assertThat(one(KONTAKTINFORMASJON_SCOPE, TestPersons.EMAIL_FRESH_MOBILE_EXPIRED).has("sertifikat")).isFalse();
    }

    @Test
    void varslingsstatus_expiredOrReserved_filtersContactInfoAndDigitalPost() throws Exception {
        for (TestPersons named : new TestPersons[] {TestPersons.BOTH_EXPIRED, TestPersons.RESERVED}) {
            JsonNode person = one(BOTH_KRR_SCOPES, named);

            assertThat(person.get("varslingsstatus").asText()).as(named.name()).isEqualTo("KAN_IKKE_VARSLES");
            assertThat(person.has("kontaktinformasjon")).as(named.name()).isFalse();
            assertThat(person.has("digital_post")).as(named.name()).isFalse();
            assertThat(person.has("reservasjon")).as(named.name()).isTrue();
        }
        assertThat(one(BOTH_KRR_SCOPES, TestPersons.RESERVED).get("reservasjonstidspunkt").asText()).endsWith("+01:00");
    }

    @Test
    void varslingsstatus_oneChannelFresh_deliversBothChannels() throws Exception {
        JsonNode person = one(BOTH_KRR_SCOPES, TestPersons.EMAIL_FRESH_MOBILE_EXPIRED);

        assertThat(person.get("varslingsstatus").asText()).isEqualTo("KAN_VARSLES");
        assertThat(person.get("kontaktinformasjon").has("epostadresse")).isTrue();
        assertThat(person.get("kontaktinformasjon").has("mobiltelefonnummer")).isTrue();
    }

    @Test
    void dates_offsetDatesPerson_usesHourOnlyOffsets() throws Exception {
        JsonNode contact = one(BOTH_KRR_SCOPES, TestPersons.OFFSET_DATES).get("kontaktinformasjon");

        assertThat(contact.get("epostadresse_oppdatert").asText()).matches(".*T\\d\\d:\\d\\d:\\d\\d\\+01");
        assertThat(one(BOTH_KRR_SCOPES, TestPersons.UNKNOWN_FIELD).has("oppdatert")).isTrue();
    }

    @Test
    void faults_forced503_answersWithRetryAfterThenRecovers() throws Exception {
        String token = token(BOTH_KRR_SCOPES);
        assertThat(postJson("/simulator/faults", "{\"krrStatus\":503,\"krrCount\":1,\"krrRetryAfter\":\"3\"}")
                .statusCode()).isEqualTo(204);

        HttpResponse<String> failed = lookup(V2, token, ids(TestPersons.NOTIFIABLE));
        HttpResponse<String> recovered = lookup(V2, token, ids(TestPersons.NOTIFIABLE));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(recovered.statusCode()).isEqualTo(200);
    }

    @Test
    void stats_afterReset_countCallsAndBatchSizes() throws Exception {
        String token = token(BOTH_KRR_SCOPES);
        assertThat(SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/simulator/stats/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(204);

        lookup(V2, token, ids(TestPersons.NOTIFIABLE, TestPersons.RESERVED, TestPersons.DELETED));
        lookup(V1, token, ids(TestPersons.MOBILE_ONLY));

        JsonNode counters = SimulatorTestClients.json(get("/simulator/stats"));
        assertThat(counters.get("krrCalls").asLong()).isEqualTo(2);
        assertThat(counters.get("krrIdsRequested").asLong()).isEqualTo(4);
        assertThat(counters.get("largestBatch").asLong()).isEqualTo(3);
        assertThat(stats.snapshot().krrCalls()).isEqualTo(2);
    }

    private JsonNode one(String scope, TestPersons named) throws Exception {
        return persons(lookup(V2, token(scope), ids(named))).get(named.id());
    }

    private String token(String scope) throws Exception {
        if (!tokens.containsKey(scope)) {
            tokens.put(scope, accessToken(baseUrl, scope));
        }
        return tokens.get(scope);
    }

    private static JWTClaimsSet claims(Instant expiry) {
        return new JWTClaimsSet.Builder().issuer("x").claim("scope", BOTH_KRR_SCOPES)
                .issueTime(Date.from(expiry.minusSeconds(60))).expirationTime(Date.from(expiry)).build();
    }

    private static String ids(TestPersons... persons) {
        return java.util.Arrays.stream(persons).map(p -> "\"" + p.id() + "\"")
                .collect(Collectors.joining(",", "{\"personidentifikatorer\":[", "]}"));
    }

    private HttpResponse<String> lookup(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return SimulatorTestClients.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, JsonNode> persons(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        SimulatorTestClients.json(response).get("personer")
                .forEach(p -> byId.put(p.get("personidentifikator").asText(), p));
        return Collections.unmodifiableMap(byId);
    }
}
