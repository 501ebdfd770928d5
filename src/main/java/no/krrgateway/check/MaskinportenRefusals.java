// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.util.Map;

/** What Maskinporten's error codes (MP-xxx in {@code error_uri}) usually mean for this gateway's configuration. */
final class MaskinportenRefusals {

    private static final String CLIENT = "gateway.maskinporten.client-id";
    private static final String ISSUER = "gateway.maskinporten.issuer";

    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("MP-100", "Maskinporten does not know this client: check " + CLIENT + ", and that the client "
                    + "was made in this environment (a test client is unknown to production and the other way round; "
                    + ISSUER + ")"),
            Map.entry("MP-110", "the grant's audience is not this Maskinporten: " + ISSUER + " must be its issuer "
                    + "exactly, trailing slash included (https://test.maskinporten.no/ or https://maskinporten.no/), "
                    + "and gateway.maskinporten.token-url that issuer's token endpoint"),
            Map.entry("MP-120", "the certificate is not accepted in this environment: a test certificate against "
                    + "production, or a production certificate against test (gateway.maskinporten.keystore.path "
                    + "against " + ISSUER + ")"),
            Map.entry("MP-121", "the registered key has expired (keys live one year from upload): register a new "
                    + "key on the client and point gateway.maskinporten.jwk.path at it"),
            Map.entry("MP-122", "the certificate's organisation number is not the client owner's: use the "
                    + "certificate of the organisation that owns the client (gateway.maskinporten.keystore.path) or "
                    + "that organisation's client (" + CLIENT + ")"),
            Map.entry("MP-123", "the certificate chain in the grant was refused: gateway.maskinporten.keystore.path "
                    + "must hold the business certificate with its chain"),
            Map.entry("MP-124", "the signature does not match a key registered on the client: register this key's "
                    + "public part (with its kid) on the client, or point gateway.maskinporten.jwk.path or "
                    + "gateway.maskinporten.keystore.path at the registered one"),
            Map.entry("MP-130", "the grant was out of date on arrival: this machine's clock is off (synchronise it "
                    + "with NTP)"),
            Map.entry("MP-011", "a value in the grant was refused: check gateway.maskinporten.resource and "
                    + "gateway.maskinporten.consumer-org"),
            Map.entry("MP-012", "the same grant was sent twice (each grant has its own jti): try again"),
            Map.entry("MP-200", "the client may not ask for this scope: add it to the client in Samarbeidsportalen, "
                    + "or take it out of gateway.maskinporten.scopes"),
            Map.entry("MP-201", "the scope is not for Maskinporten clients of this kind: the client must be a "
                    + "Maskinporten integration (Samarbeidsportalen)"),
            Map.entry("MP-250", "the organisation has not been given access to this scope: ask the scope's owner "
                    + "(Digdir, for KRR) for access"),
            Map.entry("MP-251", "the customer in gateway.maskinporten.consumer-org has not delegated this scope to "
                    + "the organisation in Altinn"));

    private MaskinportenRefusals() {
    }

    /** What {@code mpCode} usually means; for a code not listed, Maskinporten's own description. */
    static String meaning(String mpCode, String description) {
        String meaning = mpCode == null ? null : MEANINGS.get(mpCode);
        if (meaning != null) {
            return meaning;
        }
        return "Maskinporten said: " + description;
    }
}
