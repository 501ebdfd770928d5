// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.simulator.SimulatedPerson.Channel;
import no.krrgateway.simulator.SimulatedPerson.DigitalPost;

/**
 * Gives every valid person id a stable, realistic KRR record without a database, so any test id set (including
 * 10,000 generated ones) meets the same mix of cases on every run. The named {@link TestPersons} come first.
 *
 * <p>Mix over valid ids: 10 % not registered, 5 % SLETTET, 85 % AKTIV; 8 % of all ids reserved; of the AKTIV,
 * 60 % both channels, 12 % e-mail only, 18 % mobile only, 10 % none; each channel 85 % fresh (last change or
 * verification 1 day to ~17 months ago) and 15 % expired (19 to 40 months ago); 30 % digital post with a
 * certificate (one in ten of them expired); 10 % carry an undocumented person-level {@code oppdatert} field. Dates
 * are relative to the clock's current UTC day, so a person stays the same all day. Invalid ids are not registered.
 */
public final class SyntheticPopulation {

    private static final String[] FIRST = {"ola", "kari", "per", "ingrid", "nora", "jonas", "emma", "lars", "aisha"};
    private static final String[] LAST = {"nordmann", "hansen", "johansen", "olsen", "larsen", "berg", "haugen"};
    private static final String[] PROVIDERS = {"984661185", "922020175"};
    private static final int FRESH_MAX_DAYS = 510;
    private static final int EXPIRED_MIN_DAYS = 580;
    private static final int EXPIRED_MAX_DAYS = 1215;

    private final Clock clock;
    private final PersonIdValidator validator = new PersonIdValidator(true);

    public SyntheticPopulation(Clock clock) {
        this.clock = clock;
    }

    /** @return the person's record, or empty when the id is not registered (or not a valid id) */
    public Optional<SimulatedPerson> find(String id) {
        Instant anchor = LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant();
        Optional<TestPersons> named = TestPersons.byId(id);
        if (named.isPresent()) {
            return named.get().person(anchor);
        }
        if (validator.problem(id).isPresent()) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed(id));
        int roll = random.nextInt(100);
        if (roll < 10) {
            return Optional.empty();
        }
        if (roll < 15) {
            Instant updated = daysAgo(anchor, random, 30, EXPIRED_MAX_DAYS);
            return Optional.of(new SimulatedPerson(id, PersonStatus.SLETTET, false, null, updated,
                    null, null, null, null, null, null, DateStyle.UTC_MILLIS, null));
        }
        return Optional.of(active(id, random, anchor));
    }

    private SimulatedPerson active(String id, SplittableRandom random, Instant anchor) {
        boolean reserved = random.nextInt(85) < 8;
        Instant reservationUpdated = daysAgo(anchor, random, 1, EXPIRED_MAX_DAYS);
        String name = FIRST[random.nextInt(FIRST.length)] + "." + LAST[random.nextInt(LAST.length)];
        int contactRoll = random.nextInt(100);
        Channel email = contactRoll < 72 ? channel(random, anchor, name + random.nextInt(1000) + "@simulert.example")
                : null;
        Channel mobile = contactRoll < 60 || (contactRoll >= 72 && contactRoll < 90)
                ? channel(random, anchor, mobileNumber(random)) : null;
        boolean hasDigitalPost = random.nextInt(100) < 30;
        DigitalPost digitalPost = hasDigitalPost
                ? new DigitalPost(name + "#" + Integer.toString(1000 + random.nextInt(9000), 36).toUpperCase(),
                        PROVIDERS[random.nextInt(PROVIDERS.length)])
                : null;
        int languageRoll = random.nextInt(100);
        String language = languageRoll < 80 ? "nb" : languageRoll < 92 ? "nn" : languageRoll < 98 ? "en" : "se";
        DateStyle style = DateStyle.values()[random.nextInt(DateStyle.values().length)];
        Instant extraUpdated = random.nextInt(100) < 10 ? daysAgo(anchor, random, 1, FRESH_MAX_DAYS) : null;
        // Drawn last, so that adding it left every earlier draw (and so every person's other data) as it was.
        String certificate = !hasDigitalPost ? null
                : random.nextInt(100) < 10 ? DigitalPostCertificate.EXPIRED_BASE64_DER
                : DigitalPostCertificate.BASE64_DER;
        return new SimulatedPerson(id, PersonStatus.AKTIV, reserved, reserved ? reservationUpdated : null,
                reservationUpdated, email, mobile, digitalPost, certificate, language,
                daysAgo(anchor, random, 1, EXPIRED_MAX_DAYS), style, extraUpdated);
    }

    private static Channel channel(SplittableRandom random, Instant anchor, String address) {
        boolean fresh = random.nextInt(100) < 85;
        Instant verified = fresh ? daysAgo(anchor, random, 1, FRESH_MAX_DAYS)
                : daysAgo(anchor, random, EXPIRED_MIN_DAYS, EXPIRED_MAX_DAYS);
        // The address itself may be older than its last verification, but never older than 40 months.
        int olderThanVerified = (int) Duration.between(verified, anchor).toDays() + 2;
        Instant updated = daysAgo(anchor, random, olderThanVerified,
                Math.max(olderThanVerified + 1, EXPIRED_MAX_DAYS + 2));
        Instant validated = random.nextBoolean() ? updated : null;
        return new Channel(address, updated, verified, validated, random.nextInt(100) < 3);
    }

    private static String mobileNumber(SplittableRandom random) {
        String digits = (random.nextBoolean() ? "9" : "4") + (1_000_000 + random.nextInt(9_000_000));
        return random.nextInt(100) < 80 ? "+47" + digits : digits;
    }

    /** A time on a day between {@code minDays} and {@code maxDays} (exclusive) before the anchor day. */
    private static Instant daysAgo(Instant anchor, SplittableRandom random, int minDays, int maxDays) {
        return anchor.minus(Duration.ofDays(random.nextInt(minDays, maxDays)))
                .plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
    }

    private static long seed(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
