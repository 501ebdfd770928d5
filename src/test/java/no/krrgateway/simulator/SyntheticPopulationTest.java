// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import no.krrgateway.id.PersonIdValidator;
import org.junit.jupiter.api.Test;

class SyntheticPopulationTest {

    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private final SyntheticPopulation population = new SyntheticPopulation(CLOCK);
    private final KrrPersonRenderer renderer = new KrrPersonRenderer(new SimulatorProperties.Krr(true, true));

    @Test
    void find_sameIdTwiceOnTheSameDay_returnsTheSamePerson() {
        SyntheticPopulation later = new SyntheticPopulation(Clock.offset(CLOCK, Duration.ofHours(11)));

        for (String id : syntheticIds(200)) {
            assertThat(later.find(id)).isEqualTo(population.find(id));
        }
    }

    @Test
    void find_invalidIds_areNotRegistered() {
        assertThat(population.find("20914695017")).isEmpty();
        assertThat(population.find("1234")).isEmpty();
        assertThat(population.find("abcdefghijk")).isEmpty();
    }

    @Test
    void find_tenThousandValidIds_giveTheDocumentedMix() {
        List<Optional<SimulatedPerson>> found = syntheticIds(10_000).stream().map(population::find).toList();
        List<SimulatedPerson> persons = found.stream().flatMap(Optional::stream).toList();
        List<SimulatedPerson> active = persons.stream().filter(p -> p.status() == PersonStatus.AKTIV).toList();

        assertThat(share(found, Optional::isEmpty)).isCloseTo(0.10, within(0.02));
        assertThat(share(persons, p -> p.status() == PersonStatus.SLETTET) * persons.size() / found.size())
                .isCloseTo(0.05, within(0.015));
        assertThat((double) active.size() / found.size()).isCloseTo(0.85, within(0.02));
        assertThat((double) active.stream().filter(SimulatedPerson::reserved).count() / found.size())
                .isCloseTo(0.08, within(0.015));
        assertThat(share(active, p -> p.email() != null && p.mobile() != null)).isCloseTo(0.60, within(0.03));
        assertThat(share(active, p -> p.email() != null && p.mobile() == null)).isCloseTo(0.12, within(0.02));
        assertThat(share(active, p -> p.email() == null && p.mobile() != null)).isCloseTo(0.18, within(0.02));
        assertThat(share(active, p -> p.email() == null && p.mobile() == null)).isCloseTo(0.10, within(0.02));
        assertThat(share(active, p -> p.digitalPost() != null && p.certificate() != null)).isCloseTo(0.30, within(0.03));
        assertThat(share(active, p -> p.extraUpdated() != null)).isCloseTo(0.10, within(0.02));
        assertThat(share(active, p -> renderer.canNotify(p, NOW))).isBetween(0.70, 0.90);
        assertThat(active).extracting(SimulatedPerson::language).containsOnly("nb", "nn", "en", "se");
        assertThat(active).extracting(SimulatedPerson::dateStyle).contains(DateStyle.values());
        assertThat(active).allMatch(p -> p.reserved() == (p.reservationTime() != null));
    }

    @Test
    void find_channels_areFreshOrExpiredWithinFortyMonths() {
        Instant cutoff = NOW.atOffset(ZoneOffset.UTC).minusMonths(18).toInstant();
        Instant oldest = NOW.atOffset(ZoneOffset.UTC).minusMonths(41).toInstant();
        List<SimulatedPerson.Channel> channels = new ArrayList<>();
        syntheticIds(2_000).stream().map(population::find).flatMap(Optional::stream).forEach(p -> {
            channels.add(p.email());
            channels.add(p.mobile());
        });
        channels.removeIf(c -> c == null);

        assertThat(share(channels, c -> c.freshAfter(cutoff))).isCloseTo(0.85, within(0.03));
        assertThat(channels).allMatch(c -> c.updated().isAfter(oldest) && c.updated().isBefore(NOW));
        assertThat(channels).allMatch(c -> !c.lastVerified().isBefore(c.updated()) && c.lastVerified().isBefore(NOW));
        assertThat(channels).filteredOn(c -> !c.freshAfter(cutoff)).allMatch(c -> c.lastVerified()
                .isBefore(NOW.atOffset(ZoneOffset.UTC).minusMonths(19).toInstant()));
    }

    @Test
    void namedPersons_haveValidIdsAndTheDocumentedVarslingsstatus() {
        Map<TestPersons, Boolean> canNotify = Map.ofEntries(
                Map.entry(TestPersons.NOTIFIABLE, true), Map.entry(TestPersons.RESERVED, false),
                Map.entry(TestPersons.DELETED, false), Map.entry(TestPersons.D_NUMBER_EMAIL_ONLY, true),
                Map.entry(TestPersons.EMAIL_FRESH_MOBILE_EXPIRED, true), Map.entry(TestPersons.BOTH_EXPIRED, false),
                Map.entry(TestPersons.MOBILE_ONLY, true), Map.entry(TestPersons.NO_CONTACT_INFO, false),
                Map.entry(TestPersons.OFFSET_DATES, true), Map.entry(TestPersons.VERIFIED_ONLY, true),
                Map.entry(TestPersons.UNKNOWN_FIELD, true));
        PersonIdValidator validator = new PersonIdValidator(true);

        for (TestPersons named : TestPersons.values()) {
            assertThat(validator.problem(named.id())).as(named.name()).isEmpty();
            Optional<SimulatedPerson> person = population.find(named.id());
            if (named == TestPersons.NOT_REGISTERED) {
                assertThat(person).isEmpty();
            } else {
                assertThat(renderer.canNotify(person.orElseThrow(), NOW)).as(named.name())
                        .isEqualTo(canNotify.get(named));
            }
        }
    }

    @Test
    void namedPersons_haveTheDocumentedShapes() {
        assertThat(named(TestPersons.DELETED).status()).isEqualTo(PersonStatus.SLETTET);
        assertThat(named(TestPersons.RESERVED).reserved()).isTrue();
        assertThat(named(TestPersons.NOTIFIABLE).digitalPost()).isNotNull();
        assertThat(named(TestPersons.D_NUMBER_EMAIL_ONLY).mobile()).isNull();
        assertThat(named(TestPersons.MOBILE_ONLY).email()).isNull();
        assertThat(named(TestPersons.NO_CONTACT_INFO).email()).isNull();
        assertThat(named(TestPersons.UNKNOWN_FIELD).extraUpdated()).isNotNull();
        String date = DateStyle.OFFSET_HOURS.format(named(TestPersons.OFFSET_DATES).email().updated());
        assertThat(date).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+01");
        assertThat(OffsetDateTime.parse(date).toInstant()).isEqualTo(named(TestPersons.OFFSET_DATES).email().updated()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void dateStyles_formatTheThreeKnownSpellings() {
        Instant instant = Instant.parse("2023-06-13T12:42:34.768Z");

        assertThat(DateStyle.UTC_MILLIS.format(instant)).isEqualTo("2023-06-13T12:42:34.768Z");
        assertThat(DateStyle.OFFSET_HOURS.format(instant)).isEqualTo("2023-06-13T13:42:34+01");
        assertThat(DateStyle.OFFSET_FULL.format(instant)).isEqualTo("2023-06-13T13:42:34+01:00");
    }

    @Test
    void testPersonsDoc_listsEveryNamedPerson() throws Exception {
        String doc = Files.readString(Path.of("docs/simulator-test-persons.md"));

        for (TestPersons named : TestPersons.values()) {
            assertThat(doc).contains("`" + named.id() + "`").contains("`" + named.name() + "`");
        }
    }

    private SimulatedPerson named(TestPersons person) {
        return population.find(person.id()).orElseThrow();
    }

    private static <T> double share(List<T> items, Predicate<T> predicate) {
        return (double) items.stream().filter(predicate).count() / items.size();
    }

    /** Valid Tenor-style synthetic ids (+80 on the month), none of them a named test person. */
    static List<String> syntheticIds(int count) {
        Set<String> named = Set.of(java.util.Arrays.stream(TestPersons.values()).map(TestPersons::id)
                .toArray(String[]::new));
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String nine = String.format("%02d%02d%02d%03d", 1 + i % 28, 81 + (i / 28) % 12, (i / 336) % 100,
                    (i * 7) % 1000);
            String id = withCheckDigits(nine);
            if (id != null && !named.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String withCheckDigits(String nine) {
        int[] d = nine.chars().map(c -> c - '0').toArray();
        int s1 = 0;
        int s2 = 0;
        for (int i = 0; i < 9; i++) {
            s1 += K1[i] * d[i];
            s2 += K2[i] * d[i];
        }
        int k1 = (11 - s1 % 11) % 11;
        int k2 = (11 - (s2 + K2[9] * k1) % 11) % 11;
        return k1 == 10 || k2 == 10 ? null : nine + k1 + k2;
    }
}
