// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupPlan;
import no.krrgateway.lookup.LookupPlan.BatchAnswer;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/**
 * docs/contract.md §3's §32 rule restated from its text alone (the oracle, {@link #expect}), against generated KRR
 * answers read, matched to the ids asked, judged and written as the gateway does: a stream reader, the plan, the rule
 * and the outcome writer. Dates near where they expire, in every spelling §3 names, around month ends and Oslo's
 * clock changes; statuses and reservations KRR may or may not send; persons left out, repeated or not asked.
 * Longer or other runs: {@code -Doracle.cases=60000 -Doracle.seed=1}.
 */
class Section32OracleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OutcomeJson JSON = new OutcomeJson(MAPPER);
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final RequestContext CONTEXT = new RequestContext("r", null, new OutcomeSource.Api());
    private static final List<String> STATUSES = Arrays.asList("AKTIV", "AKTIV", "AKTIV", "SLETTET",
            "IKKE_REGISTRERT", "UTVANDRET", "aktiv", "", null);
    private static final List<String> RESERVATIONS = Arrays.asList("NEI", "NEI", "NEI", "JA", "nei", "", null);
    private static final List<String> ADDRESSES = Arrays.asList("ola@example.no", " ola@example.no ", "", " ", null);
    private static final List<Period> MAX_AGES = List.of(Period.ofMonths(18), Period.parse("P1Y6M"),
            Period.parse("P17M28D"), Period.parse("P6M1D"), Period.ofMonths(7), Period.ofMonths(1));
    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(-5),
            ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(14));
    private static final List<Duration> DELTAS = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1),
            Duration.ofMillis(1), Duration.ofMillis(-1), Duration.ofHours(1), Duration.ofHours(-1), Duration.ofDays(1),
            Duration.ofDays(-1));

    private final Random random = new Random(Long.getLong("oracle.seed", 32));

    /** A date field as KRR spelled it (a JSON literal; null: no such field) and the instant it means (null: none). */
    record Spelled(String json, Instant truth) {
    }

    record Channel(String address, Spelled updated, Spelled verified) {
    }

    record Person(String id, String status, String reservation, Channel email, Channel mobile, String json) {
    }

    @Test
    void verdicts_generatedKrrAnswers_asTheContractsTextSays() throws Exception {
        List<String> ids = TestIds.valid(20_000, 32);
        for (int n = 0; n < Integer.getInteger("oracle.cases", 5_000); n++) {
            Period maxAge = MAX_AGES.get(random.nextInt(MAX_AGES.size()));
            Spelled anchor = spell(anchor());
            List<Instant> expiries = anchor.truth() == null ? List.of(Instant.parse("2026-12-07T12:00:00Z"))
                    : usableUntil(anchor.truth(), maxAge);
            Instant now = expiries.get(random.nextInt(expiries.size())).plus(delta());
            int k = n % 5_000;
            List<String> asked = ids.subList(4 * k, 4 * k + 1 + random.nextInt(3));
            List<Person> persons = new ArrayList<>();
            for (String id : asked) {
                persons.add(person(id, persons.isEmpty() ? anchor : null, now, maxAge));
            }
            check(persons, ids.get(4 * k + 3), now, maxAge);
        }
    }

    /** Every hour of three years, each max-age: where a channel stops being usable (02:00 is skipped or repeated). */
    @Test
    void usableUntil_everyHourOfThreeYears_asTheContractCounts() {
        for (Period maxAge : MAX_AGES) {
            Instant end = Instant.parse("2027-01-01T00:00:00Z");
            for (Instant confirmed = Instant.parse("2024-01-01T00:00:00Z"); confirmed.isBefore(end);
                    confirmed = confirmed.plusSeconds(3600)) {
                var email = KrrPerson.of(MAPPER.createObjectNode().put("status", "AKTIV").put("reservasjon", "NEI")
                        .set("kontaktinformasjon", MAPPER.createObjectNode().put("epostadresse", "ola@example.no")
                                .put("epostadresse_sist_verifisert", confirmed.toString())));
                List<Instant> expected = usableUntil(confirmed, maxAge);
                for (Instant now : List.of(expected.get(0).minusNanos(1), expected.get(expected.size() - 1))) {
                    var verdict = new Section32Rule(Clock.fixed(now, ZoneOffset.UTC), maxAge).evaluate(email);
                    var channel = verdict.email().orElseThrow();
                    assertThat(expected).as("%s + %s", confirmed, maxAge).contains(channel.usableUntil().orElseThrow());
                    assertThat(channel.usable()).as("%s + %s at %s", confirmed, maxAge, now)
                            .isEqualTo(now.isBefore(expected.get(0)));
                }
            }
        }
    }

    private void check(List<Person> persons, String notAsked, Instant now, Period maxAge) throws Exception {
        List<String> entries = new ArrayList<>();
        Map<String, String> expected = new HashMap<>(); // per id: its JSON, null when left out, "" when contradicted
        List<LookupItem> items = new ArrayList<>();
        for (Person person : persons) {
            int times = random.nextInt(10) == 0 ? 0 : random.nextInt(8) == 0 ? 2 : 1;
            boolean contradicted = times == 2 && random.nextBoolean();
            entries.addAll(Collections.nCopies(times, person.json()));
            if (contradicted) {
                String json = person.json();
                entries.set(entries.size() - 1, json.substring(0, json.length() - 1) + ", \"spraak\": \"en\"}");
            }
            expected.put(person.id(), times == 0 ? null : contradicted ? "" : person.json());
            items.addAll(Collections.nCopies(1 + random.nextInt(2), new LookupItem(person.id(), CONTEXT)));
        }
        if (random.nextBoolean()) {
            entries.add(person(notAsked, null, now, maxAge).json());
        }
        Collections.shuffle(entries, random);
        Collections.shuffle(items, random);
        String body = "{\"personer\": [" + String.join(",\n", entries) + "]}";
        var planner = new LookupPlan.Planner(new PersonIdValidator(true), 1000,
                new Section32Rule(Clock.fixed(now, ZoneOffset.UTC), maxAge));
        LookupPlan plan = planner.plan(new LookupWork(items, List.of()));
        var batch = plan.batches().get(0);
        var reply = new KrrClient.Reply(KrrAnswer.persons(MAPPER, body.getBytes(StandardCharsets.UTF_8),
                batch.ids()::contains), null);
        List<PersonOutcome> outcomes = planner.verdicts(plan, List.of(BatchAnswer.found(batch, reply)));

        assertThat(outcomes).extracting(PersonOutcome::personId)
                .containsExactlyElementsOf(items.stream().map(LookupItem::personId).toList());
        for (PersonOutcome outcome : outcomes) {
            String json = expected.get(outcome.personId());
            String what = body + " at " + now + ", max-age " + maxAge;
            if ("".equals(json)) {
                assertThat(outcome).as(what).isInstanceOfSatisfying(PersonOutcome.Error.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.KRR_REJECTED));
                continue;
            }
            Person person = json == null ? new Person(outcome.personId(), "IKKE_REGISTRERT", null, null, null,
                    "{\"personidentifikator\":\"" + outcome.personId() + "\",\"status\":\"IKKE_REGISTRERT\"}")
                    : persons.stream().filter(p -> p.id().equals(outcome.personId())).findFirst().orElseThrow();
            JsonNode written = MAPPER.readTree(JSON.write(outcome));
            assertThat(written.get("krr")).as(what).isEqualTo(MAPPER.readTree(person.json()));
            assertThat(written.get("evaluatedAt").asText()).isEqualTo(now.toString());
            expect(person, now, maxAge, written, what);
        }
    }

    /** The oracle: docs/contract.md §3, "Result", read word by word. */
    private static void expect(Person person, Instant now, Period maxAge, JsonNode written, String what) {
        List<String> reasons = new ArrayList<>();
        boolean registered = !"IKKE_REGISTRERT".equals(person.status());
        if ("JA".equals(person.reservation())) {
            reasons.add("RESERVED");
        }
        if (registered && !"AKTIV".equals(person.status())) {
            reasons.add("NOT_ACTIVE");
        }
        if (!registered) {
            reasons.add("NOT_REGISTERED");
        }
        boolean email = given(person.email());
        boolean mobile = given(person.mobile());
        if (!email && !mobile && registered) {
            reasons.add("NO_CONTACT_INFO");
        }
        boolean emailUsable = email && usable(person.email(), written.at("/channels/email"), now, maxAge, what);
        boolean mobileUsable = mobile && usable(person.mobile(), written.at("/channels/mobile"), now, maxAge, what);
        if (email && !emailUsable) {
            reasons.add("EMAIL_EXPIRED");
        }
        if (mobile && !mobileUsable) {
            reasons.add("MOBILE_EXPIRED");
        }
        assertThat(written.at("/channels/email").isMissingNode()).as(what).isEqualTo(!email);
        assertThat(written.at("/channels/mobile").isMissingNode()).as(what).isEqualTo(!mobile);
        assertThat(written.get("reasons")).as(what).isEqualTo(MAPPER.valueToTree(reasons));
        assertThat(written.get("notifiable").asBoolean()).as(what).isEqualTo("AKTIV".equals(person.status())
                && "NEI".equals(person.reservation()) && (emailUsable || mobileUsable));
    }

    /** An address of nothing but blanks is read as none: a channel KRR omitted. */
    private static boolean given(Channel channel) {
        return channel != null && channel.address() != null && !channel.address().isBlank();
    }

    private static boolean usable(Channel channel, JsonNode written, Instant now, Period maxAge, String what) {
        assertThat(written.path(written.has("address") ? "address" : "number").asText()).isEqualTo(channel.address());
        Instant confirmed = later(channel.updated().truth(), channel.verified().truth());
        boolean usable = false;
        if (confirmed == null) {
            assertThat(written.has("lastConfirmed") || written.has("usableUntil")).as(what).isFalse();
        } else {
            assertThat(Instant.parse(written.get("lastConfirmed").asText())).as(what).isEqualTo(confirmed);
            Instant until = Instant.parse(written.get("usableUntil").asText());
            assertThat(usableUntil(confirmed, maxAge)).as(what).contains(until);
            usable = now.isBefore(until);
        }
        assertThat(written.get("usable").asBoolean()).as(what).isEqualTo(usable);
        return usable;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /**
     * {@code confirmed} + max-age in calendar months on Norwegian wall time: a day the month lacks is its last; a time
     * Oslo's clock skipped is read on the clock before; a time it shows twice is either (the contract does not say).
     */
    static List<Instant> usableUntil(Instant confirmed, Period maxAge) {
        LocalDateTime wall = LocalDateTime.ofInstant(confirmed, OSLO);
        long month = wall.getYear() * 12L + wall.getMonthValue() - 1 + maxAge.toTotalMonths();
        YearMonth target = YearMonth.of(Math.toIntExact(Math.floorDiv(month, 12)), (int) Math.floorMod(month, 12) + 1);
        LocalDateTime until = target.atDay(Math.min(wall.getDayOfMonth(), target.lengthOfMonth()))
                .atTime(wall.toLocalTime()).plusDays(maxAge.getDays());
        List<ZoneOffset> offsets = OSLO.getRules().getValidOffsets(until);
        return offsets.isEmpty() ? List.of(until.toInstant(OSLO.getRules().getTransition(until).getOffsetBefore()))
                : offsets.stream().map(until::toInstant).sorted().toList();
    }

    private Person person(String id, Spelled anchor, Instant now, Period maxAge) {
        boolean swap = random.nextBoolean();
        Channel email = channel(swap ? null : anchor, now, maxAge);
        Channel mobile = channel(swap ? anchor : null, now, maxAge);
        String status = pick(STATUSES);
        String reservation = pick(RESERVATIONS);
        StringBuilder json = new StringBuilder("{\"personidentifikator\": \"").append(id).append('"');
        field(json, "status", quoted(status));
        field(json, "reservasjon", quoted(reservation));
        field(json, "varslingsstatus", quoted(pick(Arrays.asList("KAN_VARSLES", "KAN_IKKE_VARSLES", "NY", null))));
        if (email != null || mobile != null || random.nextBoolean()) {
            StringBuilder contact = new StringBuilder("{\"x\":1");
            channel(contact, "epostadresse", email);
            channel(contact, "mobiltelefonnummer", mobile);
            field(json, "kontaktinformasjon", contact.append('}').toString());
        }
        return new Person(id, status, reservation, email, mobile, json.append('}').toString());
    }

    private Channel channel(Spelled anchor, Instant now, Period maxAge) {
        if (anchor == null && random.nextInt(5) == 0) {
            return null;
        }
        // Near where a date made now expires; or anything from years ago to a month ahead (clock skew).
        LocalDateTime wall = LocalDateTime.ofInstant(now, OSLO).minus(maxAge);
        Instant near = random.nextBoolean() ? wall.atZone(OSLO).toInstant().plus(delta())
                : now.minus(Duration.ofMinutes(random.nextInt(3 * 366 * 1440) - 31 * 1440));
        Spelled first = anchor != null ? anchor : spell(near);
        Instant from = first.truth() != null ? first.truth() : near; // the anchor's other date no later than it
        Spelled other = spell(from.minusSeconds(random.nextInt(86_400 * 60) - (anchor == null ? 86_400 * 30 : 0)));
        boolean swap = random.nextBoolean();
        return new Channel(anchor != null ? "ola@example.no" : pick(ADDRESSES), swap ? other : first,
                swap ? first : other);
    }

    private static void channel(StringBuilder json, String name, Channel channel) {
        if (channel != null) {
            field(json, name, quoted(channel.address()));
            field(json, name + "_oppdatert", channel.updated().json());
            field(json, name + "_sist_verifisert", channel.verified().json());
        }
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value != null) {
            json.append(", \"").append(name).append("\": ").append(value);
        }
    }

    private static String quoted(String text) {
        return text == null ? null : '"' + text + '"';
    }

    /** Month ends (29 February in leap years), Oslo's clock changes, midnight in Oslo and in UTC, any time. */
    private Instant anchor() {
        LocalDate month = LocalDate.of(2020 + random.nextInt(10), 1 + random.nextInt(12), 1);
        LocalDate day = switch (random.nextInt(4)) {
            case 0 -> month.withDayOfMonth(month.lengthOfMonth());
            case 1 -> month.withMonth(random.nextBoolean() ? 3 : 10)
                    .with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
            default -> month.withDayOfMonth(1 + random.nextInt(month.lengthOfMonth()));
        };
        LocalTime time = pick(List.of(LocalTime.MIDNIGHT, LocalTime.of(1, 59, 59, 999_000_000), LocalTime.of(2, 30),
                LocalTime.of(3, 0), LocalTime.MAX, LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000_000L))));
        return day.atTime(time).atZone(random.nextBoolean() ? OSLO : ZoneOffset.UTC).toInstant();
    }

    /** KRR's spellings (§3: offsets +01, +0100, +01:00, Z; 0 to 9 fraction digits; none, local Oslo time) or none. */
    private Spelled spell(Instant at) {
        int kind = random.nextInt(14);
        if (kind < 3) {
            return new Spelled(List.of("null", "\"\"", "\"i går\"").get(kind), null);
        }
        if (kind == 3) {
            return new Spelled(null, null);
        }
        if (kind == 4) { // a date without a time of day: no timestamp §3 names, read as none
            return new Spelled(quoted(LocalDate.ofInstant(at, OSLO).toString()), null);
        }
        int digits = random.nextInt(10);
        int nanos = at.getNano() - at.getNano() % (int) Math.pow(10, 9 - digits);
        Instant truth = at.minusNanos(at.getNano() - nanos);
        ZoneOffset offset = random.nextInt(4) == 0 ? pick(OFFSETS) : OSLO.getRules().getOffset(truth);
        LocalDateTime wall = LocalDateTime.ofInstant(truth, offset);
        String text = wall.toLocalDate() + "T" + String.format("%02d:%02d:%02d", wall.getHour(), wall.getMinute(),
                wall.getSecond()) + (digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits));
        String hhmm = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
        String suffix = switch (kind % 5) {
            case 0 -> offset.getTotalSeconds() == 0 ? "Z" : hhmm;
            case 1 -> hhmm.replace(":", "");
            case 2 -> hhmm.endsWith(":00") ? hhmm.substring(0, 3) : hhmm;
            case 3 -> OSLO.getRules().getValidOffsets(wall).equals(List.of(offset)) ? "" : hhmm;
            default -> hhmm;
        };
        return new Spelled(quoted(text + suffix), truth);
    }

    private Duration delta() {
        return random.nextInt(4) > 0 ? pick(DELTAS)
                : Duration.ofSeconds(random.nextLong(-86_400L * 800, 86_400L * 800));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
