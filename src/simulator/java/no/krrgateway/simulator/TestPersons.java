// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import no.krrgateway.simulator.SimulatedPerson.Channel;
import no.krrgateway.simulator.SimulatedPerson.DigitalPost;

/**
 * Fixed persons in the simulated KRR, one per case a client must handle, so tests can name the case they need.
 * "Fresh" dates are 30-200 days old, "expired" ones 700-900 days (both > 18 months). The varslingsstatus shown is
 * with the default settings (reserved means KAN_IKKE_VARSLES; expired persons filtered).
 *
 * <table>
 * <caption>Named test persons (also in docs/simulator-test-persons.md)</caption>
 * <tr><th>Constant</th><th>Id</th><th>varslingsstatus</th><th>Case</th></tr>
 * <tr><td>NOTIFIABLE</td><td>20914695016</td><td>KAN_VARSLES</td>
 *     <td>AKTIV, e-mail and mobile fresh, digital post, nb</td></tr>
 * <tr><td>RESERVED</td><td>23079421936</td><td>KAN_IKKE_VARSLES</td>
 *     <td>AKTIV, reserved (JA), fresh contact info</td></tr>
 * <tr><td>DELETED</td><td>15507600333</td><td>KAN_IKKE_VARSLES</td>
 *     <td>SLETTET, no contact info</td></tr>
 * <tr><td>D_NUMBER_EMAIL_ONLY</td><td>55507608360</td><td>KAN_VARSLES</td>
 *     <td>D-nummer, e-mail only, fresh</td></tr>
 * <tr><td>NOT_REGISTERED</td><td>01819010001</td><td>KAN_IKKE_VARSLES</td>
 *     <td>not in KRR (IKKE_REGISTRERT)</td></tr>
 * <tr><td>EMAIL_FRESH_MOBILE_EXPIRED</td><td>02859110021</td><td>KAN_VARSLES</td>
 *     <td>e-mail fresh, mobile expired, digital post with an expired certificate</td></tr>
 * <tr><td>BOTH_EXPIRED</td><td>03879210061</td><td>KAN_IKKE_VARSLES</td>
 *     <td>both channels expired, digital post</td></tr>
 * <tr><td>MOBILE_ONLY</td><td>04889310001</td><td>KAN_VARSLES</td>
 *     <td>mobile only, fresh</td></tr>
 * <tr><td>NO_CONTACT_INFO</td><td>05899410051</td><td>KAN_IKKE_VARSLES</td>
 *     <td>AKTIV, not reserved, no contact info</td></tr>
 * <tr><td>OFFSET_DATES</td><td>06909513772</td><td>KAN_VARSLES</td>
 *     <td>both fresh, dates like 2023-06-13T13:42:34+01</td></tr>
 * <tr><td>VERIFIED_ONLY</td><td>07919613712</td><td>KAN_VARSLES</td>
 *     <td>e-mail changed 3 years ago, verified 60 days ago; no mobile</td></tr>
 * <tr><td>UNKNOWN_FIELD</td><td>08929713762</td><td>KAN_VARSLES</td>
 *     <td>both fresh, extra person-level "oppdatert", nn</td></tr>
 * </table>
 */
public enum TestPersons {
    NOTIFIABLE("20914695016"),
    RESERVED("23079421936"),
    DELETED("15507600333"),
    D_NUMBER_EMAIL_ONLY("55507608360"),
    NOT_REGISTERED("01819010001"),
    EMAIL_FRESH_MOBILE_EXPIRED("02859110021"),
    BOTH_EXPIRED("03879210061"),
    MOBILE_ONLY("04889310001"),
    NO_CONTACT_INFO("05899410051"),
    OFFSET_DATES("06909513772"),
    VERIFIED_ONLY("07919613712"),
    UNKNOWN_FIELD("08929713762");

    private final String id;

    TestPersons(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<TestPersons> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** The person's record with dates relative to {@code anchor} (the start of today), or empty if not registered. */
    Optional<SimulatedPerson> person(Instant anchor) {
        Instant fresh = at(anchor, 30);
        Instant older = at(anchor, 200);
        Instant expired = at(anchor, 700);
        Channel email = new Channel(name().toLowerCase().replace('_', '.') + "@simulert.example", older, fresh, older,
                false);
        Channel mobile = new Channel("+4799" + id.substring(5, 11), older, fresh, null, false);
        Channel expiredEmail = new Channel(email.address(), at(anchor, 900), expired, null, false);
        Channel expiredMobile = new Channel(mobile.address(), at(anchor, 900), expired, null, true);
        DigitalPost digitalPost = new DigitalPost("ola.nordmann#9YDT", "984661185");
        return Optional.ofNullable(switch (this) {
            case NOTIFIABLE -> active(anchor, email, mobile, digitalPost, DateStyle.UTC_MILLIS, null, "nb");
            case RESERVED -> reserved(anchor, active(anchor, email, mobile, null, DateStyle.OFFSET_FULL, null, "nb"));
            case DELETED -> new SimulatedPerson(id, PersonStatus.SLETTET, false, null, expired, null, null, null,
                    null, null, null, DateStyle.UTC_MILLIS, null);
            case D_NUMBER_EMAIL_ONLY -> active(anchor, email, null, null, DateStyle.UTC_MILLIS, null, "en");
            case NOT_REGISTERED -> null;
            case EMAIL_FRESH_MOBILE_EXPIRED -> expiredCertificate(active(anchor, email, expiredMobile, digitalPost,
                    DateStyle.UTC_MILLIS, null, "nb"));
            case BOTH_EXPIRED -> active(anchor, expiredEmail, expiredMobile, digitalPost, DateStyle.UTC_MILLIS,
                    null, "nb");
            case MOBILE_ONLY -> active(anchor, null, mobile, null, DateStyle.UTC_MILLIS, null, "se");
            case NO_CONTACT_INFO -> active(anchor, null, null, null, DateStyle.UTC_MILLIS, null, "nb");
            case OFFSET_DATES -> active(anchor, email, mobile, null, DateStyle.OFFSET_HOURS, null, "nb");
            case VERIFIED_ONLY -> active(anchor, new Channel(email.address(), at(anchor, 1100), at(anchor, 60), null,
                    false), null, null, DateStyle.UTC_MILLIS, null, "nb");
            case UNKNOWN_FIELD -> active(anchor, email, mobile, null, DateStyle.UTC_MILLIS, fresh, "nn");
        });
    }

    private SimulatedPerson active(Instant anchor, Channel email, Channel mobile, DigitalPost digitalPost,
                                   DateStyle style, Instant extraUpdated, String language) {
        return new SimulatedPerson(id, PersonStatus.AKTIV, false, null, at(anchor, 400), email, mobile, digitalPost,
                digitalPost == null ? null : DigitalPostCertificate.BASE64_DER, language, at(anchor, 400), style,
                extraUpdated);
    }

    private static SimulatedPerson expiredCertificate(SimulatedPerson p) {
        return new SimulatedPerson(p.id(), p.status(), p.reserved(), p.reservationTime(), p.reservationUpdated(),
                p.email(), p.mobile(), p.digitalPost(), DigitalPostCertificate.EXPIRED_BASE64_DER, p.language(),
                p.languageUpdated(), p.dateStyle(), p.extraUpdated());
    }

    private static SimulatedPerson reserved(Instant anchor, SimulatedPerson p) {
        Instant when = at(anchor, 100);
        return new SimulatedPerson(p.id(), p.status(), true, when, when, p.email(), p.mobile(), p.digitalPost(),
                p.certificate(), p.language(), p.languageUpdated(), p.dateStyle(), p.extraUpdated());
    }

    /** A fixed time of day ({@code 10:42:34.768Z}) on the day {@code days} before the anchor. */
    private static Instant at(Instant anchor, int days) {
        return anchor.minus(Duration.ofDays(days)).plus(Duration.ofHours(10).plusMinutes(42).plusSeconds(34)
                .plusMillis(768));
    }
}
