// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import static no.krrgateway.verdict.Verdict.VerdictReason.EMAIL_EXPIRED;
import static no.krrgateway.verdict.Verdict.VerdictReason.MOBILE_EXPIRED;
import static no.krrgateway.verdict.Verdict.VerdictReason.NOT_ACTIVE;
import static no.krrgateway.verdict.Verdict.VerdictReason.NOT_REGISTERED;
import static no.krrgateway.verdict.Verdict.VerdictReason.NO_CONTACT_INFO;
import static no.krrgateway.verdict.Verdict.VerdictReason.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Section32RuleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // 2026-11-23 09:00 Oslo (winter, +01). 18 months earlier is 2025-05-23 09:00 Oslo (summer, +02) = 07:00Z.
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant EIGHTEEN_MONTHS_AGO = Instant.parse("2025-05-23T07:00:00Z");

    private final Section32Rule rule = new Section32Rule(Clock.fixed(NOW, ZoneOffset.UTC), Period.ofMonths(18));

    @Test
    void evaluate_exactlyEighteenMonthsOld_notUsable() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(EIGHTEEN_MONTHS_AGO, null), null));
        assertThat(verdict.email().orElseThrow().usable()).isFalse();
        assertThat(verdict.email().orElseThrow().usableUntil()).contains(NOW);
        assertThat(verdict.notifiable()).isFalse();
        assertThat(verdict.reasons()).containsExactly(EMAIL_EXPIRED);
    }

    @Test
    void evaluate_oneSecondYoungerThanEighteenMonths_usable() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(EIGHTEEN_MONTHS_AGO.plusSeconds(1), null), null));
        assertThat(verdict.email().orElseThrow().usable()).isTrue();
        assertThat(verdict.notifiable()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void evaluate_oneSecondOlderThanEighteenMonths_notUsable() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(EIGHTEEN_MONTHS_AGO.minusSeconds(1), null), null));
        assertThat(verdict.email().orElseThrow().usable()).isFalse();
    }

    @Test
    void evaluate_verifiedLaterThanUpdated_usesTheLaterDate() {
        Instant verified = Instant.parse("2026-01-01T00:00:00Z");
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI",
                email(Instant.parse("2020-01-01T00:00:00Z"), verified), null));
        assertThat(verdict.email().orElseThrow().lastConfirmed()).contains(verified);
        assertThat(verdict.email().orElseThrow().usable()).isTrue();
    }

    @Test
    void evaluate_bothDatesMissing_channelNotUsable() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(null, null), null));
        assertThat(verdict.email().orElseThrow().usable()).isFalse();
        assertThat(verdict.email().orElseThrow().lastConfirmed()).isEmpty();
        assertThat(verdict.reasons()).containsExactly(EMAIL_EXPIRED);
    }

    @Test
    void evaluate_yearFarBeyondAnyCalendar_readAsNoDateNotAFailure() {
        // Instant.toString spells it "+999999999-06-01T00:00:00Z"; 18 months later is past LocalDateTime.MAX.
        Instant farFuture = Instant.parse("+999999999-06-01T00:00:00Z");
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(farFuture, null), mobile(null, farFuture)));
        assertThat(verdict.email().orElseThrow().lastConfirmed()).isEmpty();
        assertThat(verdict.mobile().orElseThrow().usable()).isFalse();
        assertThat(verdict.reasons()).containsExactly(EMAIL_EXPIRED, MOBILE_EXPIRED);
    }

    @Test
    void evaluate_mobileOnlyFresh_notifiableWithoutEmailChannel() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", null, mobile(NOW.minusSeconds(3600), null)));
        assertThat(verdict.notifiable()).isTrue();
        assertThat(verdict.email()).isEmpty();
        assertThat(verdict.mobile().orElseThrow().address()).isEqualTo("+4799999999");
    }

    @Test
    void evaluate_emailFreshMobileExpired_notifiableWithMobileExpired() {
        Verdict verdict = rule.evaluate(person("AKTIV", "NEI", email(NOW.minusSeconds(60), null),
                mobile(Instant.parse("2024-01-02T10:00:00Z"), null)));
        assertThat(verdict.notifiable()).isTrue();
        assertThat(verdict.reasons()).containsExactly(MOBILE_EXPIRED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notNotifiable")
    void evaluate_notNotifiable_withTheReasonsThatHold(String what, KrrPerson person, List<VerdictReason> reasons) {
        Verdict verdict = rule.evaluate(person);
        assertThat(verdict.notifiable()).isFalse();
        assertThat(verdict.reasons()).containsExactlyElementsOf(reasons);
    }

    static Stream<Arguments> notNotifiable() {
        return Stream.of(
                Arguments.of("reserved with fresh contact info",
                        person("AKTIV", "JA", email(NOW.minusSeconds(60), null), null), List.of(RESERVED)),
                Arguments.of("deleted: not active and no contact info",
                        person("SLETTET", "NEI", null, null), List.of(NOT_ACTIVE, NO_CONTACT_INFO)),
                Arguments.of("an unknown status: not active",
                        person("UTVANDRET", "NEI", email(NOW.minusSeconds(60), null), null), List.of(NOT_ACTIVE)),
                Arguments.of("not returned by KRR: not registered",
                        KrrPerson.notRegistered("20914695016"), List.of(NOT_REGISTERED)));
    }

    @Test
    void evaluate_everyReasonThatHolds_inContractOrder() {
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Verdict verdict = rule.evaluate(person("SLETTET", "JA", email(old, null), mobile(old, null)));
        assertThat(verdict.reasons()).containsExactly(RESERVED, NOT_ACTIVE, EMAIL_EXPIRED, MOBILE_EXPIRED);
    }

    @Test
    void evaluate_monthEnd_fallsBackToLastDayOfTargetMonth() {
        // 31 March + 6 months = 30 September, counted on Norwegian time.
        Section32Rule sixMonths = new Section32Rule(Clock.fixed(NOW, ZoneOffset.UTC), Period.ofMonths(6));
        Verdict verdict = sixMonths.evaluate(person("AKTIV", "NEI", email(Instant.parse("2026-03-31T10:00:00Z"), null),
                null));
        assertThat(verdict.email().orElseThrow().usableUntil()).contains(Instant.parse("2026-09-30T10:00:00Z"));
    }

    private static KrrPerson person(String status, String reservation, ObjectNode email, ObjectNode mobile) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("personidentifikator", "20914695016");
        node.put("status", status);
        node.put("reservasjon", reservation);
        if (email != null || mobile != null) {
            ObjectNode contact = node.putObject("kontaktinformasjon");
            if (email != null) {
                contact.setAll(email);
            }
            if (mobile != null) {
                contact.setAll(mobile);
            }
        }
        return KrrPerson.of(node);
    }

    private static ObjectNode email(Instant updated, Instant verified) {
        return channel("epostadresse", "ola@example.no", updated, verified);
    }

    private static ObjectNode mobile(Instant updated, Instant verified) {
        return channel("mobiltelefonnummer", "+4799999999", updated, verified);
    }

    private static ObjectNode channel(String field, String address, Instant updated, Instant verified) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(field, address);
        if (updated != null) {
            node.put(field + "_oppdatert", updated.toString());
        }
        if (verified != null) {
            node.put(field + "_sist_verifisert", verified.toString());
        }
        return node;
    }
}
