// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** A kept signed KRR answer (docs/evidence.md); {@code id}, the hex SHA-256 of the JWS, is its outcomes' evidenceId. */
public record Evidence(String id, Instant receivedAt, String jws) {

    /** Never the JWS: its payload names persons in base64url, which no log masking sees (Camel's bean TRACE). */
    @Override
    public String toString() {
        return "Evidence[id=" + id + ", receivedAt=" + receivedAt + "]";
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
