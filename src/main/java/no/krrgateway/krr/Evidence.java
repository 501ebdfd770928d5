// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** A kept signed KRR answer (docs/evidence.md); {@code id}, the hex SHA-256 of the JWS, is its outcomes' evidenceId. */
public record Evidence(String id, Instant receivedAt, String jws) {

    public static Evidence of(byte[] body, Instant receivedAt) {
        return new Evidence(sha256Hex(body), receivedAt, new String(body, StandardCharsets.US_ASCII));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
