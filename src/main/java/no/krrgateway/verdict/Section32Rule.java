// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.krr.model.KrrPerson.ContactChannel;
import no.krrgateway.krr.model.KrrPerson.Reservation;
import no.krrgateway.krr.model.KrrPerson.Status;
import no.krrgateway.verdict.Verdict.ChannelVerdict;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * eForvaltningsforskriften §32: a channel may notify only if updated or verified within the last 18 months, counted
 * in calendar months on Norwegian time (Digdir, https://docs.digdir.no/docs/Kontaktregisteret/krr_18mnd).
 */
public record Section32Rule(Clock clock, Period maxAge) {

    private static final ZoneId NORWAY = ZoneId.of("Europe/Oslo");

    /** @param maxAge the §32 freshness limit, an ISO-8601 period */
    @Validated
    @ConfigurationProperties("gateway.varsling")
    public record VarslingProperties(@DefaultValue("P18M") @NotNull Period maxAge) {

        /** Longer would call stale contact information notifiable; days count as 28-day months, erring shorter. */
        @AssertTrue(message = "gateway.varsling.max-age must be positive and at most P18M (§32)")
        public boolean isWithinSection32() {
            return maxAge == null || !maxAge.isNegative() && !maxAge.isZero()
                    && maxAge.toTotalMonths() + (maxAge.getDays() + 27L) / 28 <= 18;
        }
    }

    public Verdict evaluate(KrrPerson person) {
        Instant now = clock.instant();
        Optional<ChannelVerdict> email = person.email().map(channel -> judge(channel, now));
        Optional<ChannelVerdict> mobile = person.mobile().map(channel -> judge(channel, now));
        Status status = person.status();
        Reservation reservation = person.reservation();

        // In VerdictReason's order; one not in the register gets NOT_REGISTERED alone (docs/contract.md §3).
        Map<VerdictReason, Boolean> applies = Map.of(
                VerdictReason.RESERVED, reservation == Reservation.JA,
                VerdictReason.NOT_ACTIVE, status != Status.AKTIV && status != Status.IKKE_REGISTRERT,
                VerdictReason.NOT_REGISTERED, status == Status.IKKE_REGISTRERT,
                VerdictReason.NO_CONTACT_INFO, email.isEmpty() && mobile.isEmpty() && status != Status.IKKE_REGISTRERT,
                VerdictReason.EMAIL_EXPIRED, email.isPresent() && !email.get().usable(),
                VerdictReason.MOBILE_EXPIRED, mobile.isPresent() && !mobile.get().usable());
        List<VerdictReason> reasons = Arrays.stream(VerdictReason.values()).filter(applies::get).toList();
        boolean anyUsable = email.map(ChannelVerdict::usable).orElse(false)
                || mobile.map(ChannelVerdict::usable).orElse(false);
        boolean notifiable = status == Status.AKTIV && reservation == Reservation.NEI && anyUsable;
        return new Verdict(notifiable, reasons, email, mobile, now);
    }

    private ChannelVerdict judge(ContactChannel channel, Instant now) {
        Optional<Instant> lastConfirmed = channel.lastConfirmed();
        Optional<Instant> usableUntil = lastConfirmed.map(this::usableUntil);
        boolean usable = usableUntil.map(now::isBefore).orElse(false);
        return new ChannelVerdict(channel.address(), usable, lastConfirmed, usableUntil);
    }

    private Instant usableUntil(Instant lastConfirmed) {
        // ZonedDateTime.plus(Period) adds calendar months and clamps to the month's last day (31 March + 6 = 30 Sept).
        return lastConfirmed.atZone(NORWAY).plus(maxAge).toInstant();
    }
}
