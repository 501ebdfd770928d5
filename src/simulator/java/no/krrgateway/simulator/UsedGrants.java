// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers the grants already spent, so a replayed grant gets Maskinporten's MP-012. */
final class UsedGrants {

    /** Maskinporten forbids reuse; a grant lives at most 120 s, so that is how long an id is kept at least. */
    static final Duration RETENTION = Duration.ofSeconds(120);

    private final Map<String, Instant> keptUntil = new ConcurrentHashMap<>();

    /**
     * @param jti the grant's id, or null, in which case the whole assertion identifies the grant
     * @return true if the grant was new and is now marked used, false if it was used before
     */
    boolean markUsed(String clientId, String jti, String assertion, Instant grantExpiry, Instant now) {
        keptUntil.values().removeIf(until -> until.isBefore(now));
        String key = clientId + '|' + (jti != null ? "jti:" + jti : "sha256:" + sha256(assertion));
        Instant until = grantExpiry.isAfter(now.plus(RETENTION)) ? grantExpiry : now.plus(RETENTION);
        return keptUntil.putIfAbsent(key, until) == null;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
