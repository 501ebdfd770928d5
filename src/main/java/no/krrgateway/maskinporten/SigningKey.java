// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import com.nimbusds.jose.util.Base64;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

/**
 * The key that signs grants, with what identifies it to Maskinporten: a {@code kid} (self-registered JWK) or an
 * {@code x5c} chain (business certificate). {@link #toString()} never shows key material.
 */
public record SigningKey(PrivateKey privateKey, String keyId, List<Base64> certificateChain, Instant notAfter) {

    @Override
    public String toString() {
        return keyId != null ? "SigningKey[kid=" + keyId + "]" : "SigningKey[x5c, notAfter=" + notAfter + "]";
    }
}
