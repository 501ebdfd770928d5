// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.krrgateway.simulator.SimulatedPerson.Channel;

/**
 * Turns a simulated person into KRR's wire JSON, applying the token's scopes and the 18-month rule
 * (§1.6, §1.9.5), so that clients see what the real register would hand out.
 */
final class KrrPersonRenderer {

    static final String KONTAKTINFO_DELEGATED_SCOPE = "krr:global/kontaktinfo.read";
    static final String POSTKASSE_DELEGATED_SCOPE = "krr:global/postkasse.read";
    private static final int MONTHS_BEFORE_EXPIRY = 18;

    private final SimulatorProperties.Krr settings;

    KrrPersonRenderer(SimulatorProperties.Krr settings) {
        this.settings = settings;
    }

    static boolean grantsContactInfo(Set<String> scopes) {
        return scopes.contains(SimulatorProperties.KONTAKTINFORMASJON_SCOPE)
                || scopes.contains(KONTAKTINFO_DELEGATED_SCOPE);
    }

    static boolean grantsDigitalPost(Set<String> scopes) {
        return scopes.contains(SimulatorProperties.DIGITALPOST_SCOPE) || scopes.contains(POSTKASSE_DELEGATED_SCOPE);
    }

    /** @param person the record, or empty for an id that is not registered */
    Map<String, Object> render(String id, Optional<SimulatedPerson> person, Set<String> scopes, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("personidentifikator", id);
        if (person.isEmpty()) {
            json.put("status", PersonStatus.IKKE_REGISTRERT.name());
            if (grantsContactInfo(scopes)) {
                json.put("varslingsstatus", "KAN_IKKE_VARSLES");
            }
            return json;
        }
        SimulatedPerson p = person.get();
        DateStyle style = p.dateStyle();
        boolean canNotify = canNotify(p, now);
        // Simplified: the filter is applied whatever the scopes, though SOAP tied it to asking for varslingsstatus.
        boolean withheld = !canNotify && settings.filterExpired();
        json.put("reservasjon", p.reserved() ? "JA" : "NEI");
        putIfPresent(json, "reservasjonstidspunkt", style.format(p.reservationTime()));
        putIfPresent(json, "reservasjon_oppdatert", style.format(p.reservationUpdated()));
        json.put("status", p.status().name());
        if (grantsContactInfo(scopes)) {
            json.put("varslingsstatus", canNotify ? "KAN_VARSLES" : "KAN_IKKE_VARSLES");
            if (!withheld && (p.email() != null || p.mobile() != null)) {
                json.put("kontaktinformasjon", contactInfo(p, style));
            }
        }
        if (grantsDigitalPost(scopes) && !withheld && p.digitalPost() != null) {
            json.put("digital_post", Map.of(
                    "postkasseadresse", p.digitalPost().mailboxAddress(),
                    "postkasseleverandoeradresse", p.digitalPost().providerAddress()));
            putIfPresent(json, "sertifikat", p.certificate());
        }
        if (grantsContactInfo(scopes)) {
            putIfPresent(json, "spraak", p.language());
            putIfPresent(json, "spraak_oppdatert", style.format(p.languageUpdated()));
        }
        putIfPresent(json, "oppdatert", style.format(p.extraUpdated()));
        return json;
    }

    /** KAN_VARSLES needs AKTIV, no reservation (when that toggle is on) and at least one fresh channel. */
    boolean canNotify(SimulatedPerson p, Instant now) {
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minusMonths(MONTHS_BEFORE_EXPIRY).toInstant();
        boolean anyFresh = (p.email() != null && p.email().freshAfter(cutoff))
                || (p.mobile() != null && p.mobile().freshAfter(cutoff));
        return p.status() == PersonStatus.AKTIV && anyFresh
                && !(p.reserved() && settings.reservedMeansKanIkkeVarsles());
    }

    private static Map<String, Object> contactInfo(SimulatedPerson p, DateStyle style) {
        Map<String, Object> json = new LinkedHashMap<>();
        putChannel(json, "epostadresse", p.email(), style);
        putChannel(json, "mobiltelefonnummer", p.mobile(), style);
        return json;
    }

    private static void putChannel(Map<String, Object> json, String name, Channel channel, DateStyle style) {
        if (channel == null) {
            return;
        }
        json.put(name, channel.address());
        putIfPresent(json, name + "_oppdatert", style.format(channel.updated()));
        putIfPresent(json, name + "_sist_verifisert", style.format(channel.lastVerified()));
        putIfPresent(json, name + "_sist_validert", style.format(channel.lastValidated()));
        json.put(name + "_duplisert", channel.duplicated() ? "JA" : "NEI");
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
