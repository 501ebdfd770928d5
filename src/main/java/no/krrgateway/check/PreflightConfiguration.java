// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.maskinporten.TokenRequestException;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires {@code check}'s checks to the gateway's own beans, so that they test what the gateway will use. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreflightConfiguration.CheckProperties.class)
public class PreflightConfiguration {

    private static final String KRR = "krr";
    private static final String TRUST_ANCHORS = "krr trust anchors";

    /** @param testPerson the person id {@code check} looks up in KRR, the only one it ever prints */
    @ConfigurationProperties("gateway.check")
    public record CheckProperties(String testPerson) {
    }

    @Bean
    PreflightCommand.Checks preflight(MaskinportenProperties maskinporten, SigningKey signingKey,
            HttpClient gatewayHttpClient, ObjectMapper mapper, Clock clock, KrrClient krrClient, KrrProperties krr,
            PersonIdValidator validator, CheckProperties check, ObjectProvider<KafkaClusterProbe> probe,
            KafkaChannelProperties.Topics topics, KafkaChannelProperties kafka, SignedAnswersProperties signedAnswers,
            FileChannelProperties files, ApiProperties api, Tenants tenants, CamelContext camel,
            Environment environment) {
        JsonGet get = new JsonGet(gatewayHttpClient, mapper, maskinporten.timeout());
        var mp = new MaskinportenCheck(maskinporten, signingKey, get,
                new TokenClient(gatewayHttpClient, mapper, signingKey, maskinporten, clock), clock);
        List<Supplier<List<CheckLine>>> checks = List.of(
                () -> List.of(mp.key()),
                () -> List.of(mp.wellKnown()),
                mp::tokens,
                () -> List.of(trustAnchors(signedAnswers, clock)),
                () -> List.of(krrLookup(krrClient, krr, validator, check.testPerson())),
                // no probe with gateway.kafka.enabled=false (an API-only instance)
                () -> camel.getRoute("intake-kafka") == null || probe.getIfAvailable() == null
                        ? List.of(CheckLine.skip("kafka", "the Kafka routes are not loaded"))
                        : ChannelChecks.topics(probe.getObject(),
                        tenants.withTenantTopics(topics.byProperty(signedAnswers.keep())), kafka.consumers(),
                        environment.getProperty("camel.component.kafka.brokers"), kafka.createTopics()),
                () -> camel.getRoute("intake-file") == null
                        ? List.of(CheckLine.skip("folders", "the file routes are not loaded"))
                        : ChannelChecks.folders(files),
                () -> List.of(ChannelChecks.apiIssuer(api, get, environment)));
        return new PreflightCommand.Checks(checks);
    }

    /** The only person id {@code check} prints. */
    static CheckLine krrLookup(KrrClient client, KrrProperties krr, PersonIdValidator validator, String configured) {
        String testPerson = configured == null ? "" : configured.trim();
        if (testPerson.isEmpty()) {
            return CheckLine.fail(KRR, "no test person to look up: set gateway.check.test-person (in Digdir's test "
                    + "environment one of its synthetic test persons)");
        }
        Optional<String> invalid = validator.problem(testPerson);
        if (invalid.isPresent()) {
            return CheckLine.fail(KRR, "gateway.check.test-person " + testPerson + " is not a valid person id ("
                    + invalid.get() + "); synthetic ids need gateway.validation.allow-synthetic=true");
        }
        try {
            KrrPerson person = client.lookup(new KrrBatch(List.of(testPerson), null)).persons().get(testPerson);
            String what = person == null ? "not in KRR" : "status " + person.statusText() + ", reservation "
                    + person.reservationText();
            return CheckLine.ok(KRR, krr.baseUrl() + " answered a lookup of test person " + testPerson + ": " + what);
        } catch (KrrException.AccessDenied e) {
            return CheckLine.fail(KRR, "KRR refused the token (HTTP " + e.status() + "): " + (e.status() == 401
                    ? "a token of another Maskinporten; check gateway.maskinporten.issuer against gateway.krr.base-url"
                    : "the client lacks a KRR scope or the organisation has no KRR access; check "
                    + "gateway.maskinporten.scopes and the client's scopes in Samarbeidsportalen"));
        } catch (KrrException.Rejected e) {
            return CheckLine.fail(KRR, "KRR refused the lookup of test person " + testPerson + " (HTTP "
                    + e.status() + "): choose another gateway.check.test-person");
        } catch (KrrException e) {
            String message = e.getMessage();
            return CheckLine.fail(KRR, message.contains("gateway.krr.base-url") ? message
                    : message + ": check gateway.krr.base-url (" + krr.baseUrl() + ") and that KRR is reachable");
        } catch (TokenRequestException e) {
            return CheckLine.fail(KRR, "not tried: no Maskinporten token (see the token lines)");
        }
    }

    /** The first anchor's expiry, since every answer chained to it is refused from then on. */
    static CheckLine trustAnchors(SignedAnswersProperties signedAnswers, Clock clock) {
        if (!signedAnswers.enabled()) {
            return CheckLine.skip(TRUST_ANCHORS, "signed answers are off (gateway.krr.signed-answers.enabled)");
        }
        X509Certificate first;
        try {
            first = SignedAnswersProperties.readAnchors(signedAnswers.trustAnchors()).stream()
                    .min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();
        } catch (IllegalStateException e) {
            // the message names the property and the file, never a secret
            return CheckLine.fail(TRUST_ANCHORS, e.getMessage());
        }
        Instant expiry = first.getNotAfter().toInstant();
        long daysLeft = Duration.between(clock.instant(), expiry).toDays();
        String which = first.getSubjectX500Principal().getName() + " expires " + expiry;
        if (!expiry.isAfter(clock.instant())) {
            return CheckLine.fail(TRUST_ANCHORS, which + ": every answer chained to it is refused; put KRR's current "
                    + "CA in gateway.krr.signed-answers.trust-anchors");
        }
        // under 30 days it still passes but says to renew: the alert rule warns at the same horizon
        return CheckLine.ok(TRUST_ANCHORS, which + " (" + daysLeft + " days left"
                + (daysLeft < 30 ? ": renew gateway.krr.signed-answers.trust-anchors soon" : "") + ")");
    }
}
