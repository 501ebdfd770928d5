// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static no.krrgateway.simulator.GrantRejectedException.invalidGrant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.SignedJWT;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import no.krrgateway.simulator.RegisteredClients.RegisteredClient;

/**
 * Checks that a grant was signed by the client it names, by registered key ({@code kid}) or certificate
 * ({@code x5c}), as Maskinporten authenticates clients by the grant alone.
 */
final class ClientAuthenticator {

    static final String PRIVATE_KEY_JWT = "private_key_jwt";
    static final String BUSINESS_CERTIFICATE = "virksomhetssertifikat";
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    private ClientAuthenticator() {
    }

    /** @return the {@code client_amr} the access token should carry */
    static String authenticate(SignedJWT grant, RegisteredClient client) {
        JWSHeader header = grant.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature: alg must be RS256, RS384 or RS512");
        }
        if (header.getX509CertChain() != null) {
            verify(grant, certificateKey(header.getX509CertChain(), client));
            return BUSINESS_CERTIFICATE;
        }
        if (client.publicJwk() == null || !client.publicJwk().getKeyID().equals(header.getKeyID())) {
            throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature: no such kid on the client");
        }
        try {
            verify(grant, client.publicJwk().toRSAPublicKey());
        } catch (JOSEException e) {
            throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature");
        }
        return PRIVATE_KEY_JWT;
    }

    private static RSAPublicKey certificateKey(List<Base64> chain, RegisteredClient client) {
        X509Certificate presented = chain.isEmpty() ? null : X509CertUtils.parse(chain.get(0).decode());
        if (presented == null) {
            throw invalidGrant("MP-123", "Invalid assertion. Invalid JWT header x5c");
        }
        X509Certificate registered = client.certificate();
        if (registered == null || !sameKey(presented.getPublicKey(), registered.getPublicKey())) {
            throw invalidGrant("MP-120", "Invalid assertion. The JWT is signed with an invalid certificate.");
        }
        if (!(presented.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature: the certificate has no RSA key");
        }
        return rsa;
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    private static void verify(SignedJWT grant, RSAPublicKey key) {
        try {
            if (!grant.verify(new RSASSAVerifier(key))) {
                throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature");
            }
        } catch (JOSEException e) {
            throw invalidGrant("MP-124", "Invalid assertion. Invalid JWT signature");
        }
    }
}
