// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Instant;

/**
 * A registered person as the simulated KRR holds it, before scope filtering and the 18-month rule are applied.
 *
 * @param id                 the fødselsnummer or D-nummer
 * @param status             AKTIV or SLETTET (not-registered persons have no record)
 * @param reserved           whether the person has reserved against digital communication
 * @param reservationTime    when the person reserved; null unless reserved
 * @param reservationUpdated when the reservation choice last changed; may be null
 * @param email              the e-mail channel, or null
 * @param mobile             the mobile channel, or null
 * @param digitalPost        the digital mailbox, or null
 * @param certificate        base64 DER encryption certificate for digital post, or null
 * @param language           preferred language (nb, nn, en, se), or null
 * @param languageUpdated    when the language was set, or null
 * @param dateStyle          how this person's timestamps are spelled on the wire
 * @param extraUpdated       value of a person-level {@code oppdatert} field not in Digdir's docs, or null
 */
public record SimulatedPerson(String id, PersonStatus status, boolean reserved, Instant reservationTime,
                              Instant reservationUpdated, Channel email, Channel mobile, DigitalPost digitalPost,
                              String certificate, String language, Instant languageUpdated, DateStyle dateStyle,
                              Instant extraUpdated) {

    /**
     * One contact channel.
     *
     * @param address       the e-mail address or mobile number
     * @param updated       last new or changed ({@code *_oppdatert})
     * @param lastVerified  last confirmed by the person ({@code *_sist_verifisert}), or null
     * @param lastValidated last validated with a one-time code ({@code *_sist_validert}), or null
     * @param duplicated    whether another person has the same address ({@code *_duplisert})
     */
    public record Channel(String address, Instant updated, Instant lastVerified, Instant lastValidated,
                          boolean duplicated) {

        /** Fresh per eForvaltningsforskriften §32: updated or verified after the cut-off. */
        public boolean freshAfter(Instant cutoff) {
            return updated.isAfter(cutoff) || (lastVerified != null && lastVerified.isAfter(cutoff));
        }
    }

    /** A digital mailbox: address and the organisation number of its provider. */
    public record DigitalPost(String mailboxAddress, String providerAddress) {
    }
}
