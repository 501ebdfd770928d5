// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Holds the simulated Maskinporten's signing key, made fresh at each start so no key material is ever stored. */
@Profile("simulator")
@Component
public class SimulatorKeys {

    private final RSAKey signingKey;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    public SimulatorKeys() {
        try {
            signingKey = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID("krr-gateway-simulator-" + UUID.randomUUID())
                    .generate();
            signer = new RSASSASigner(signingKey);
            verifier = new RSASSAVerifier(signingKey.toRSAPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot create the simulator's signing key", e);
        }
    }

    public String keyId() {
        return signingKey.getKeyID();
    }

    JWSSigner signer() {
        return signer;
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** The public key set served at {@code /maskinporten/jwk}. */
    public Map<String, Object> publicJwkSet() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    @Override
    public String toString() {
        return "SimulatorKeys[kid=" + keyId() + "]";
    }
}
