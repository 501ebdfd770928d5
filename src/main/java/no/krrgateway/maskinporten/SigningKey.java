// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Known to Maskinporten by {@code kid} (JWK) or {@code x5c} (business certificate); toString hides the key. */
public record SigningKey(PrivateKey privateKey, String keyId, List<Base64> certificateChain, Instant notAfter) {

    @Override
    public String toString() {
        return keyId != null ? "SigningKey[kid=" + keyId + "]" : "SigningKey[x5c, notAfter=" + notAfter + "]";
    }

    /**
     * Digdir's jwt-bearer grant: kid or x5c, only the claims aud, iss, scope, iat, exp, jti (+ consumer_org, resource).
     * A new jti and iat on every call, since Maskinporten refuses a grant used before.
     */
    public Grant grant(TokenRequest request, MaskinportenProperties properties, Clock clock) {
        Instant now = clock.instant();
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(properties.issuer().toString())
                .issuer(properties.clientId())
                .claim("scope", request.scopes())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.grantLifetime())))
                .jwtID(jti);
        if (request.consumerOrg() != null) {
            claims.claim("consumer_org", request.consumerOrg());
        }
        if (request.resource() != null) {
            // Maskinporten's newer docs: "currently only array supported".
            claims.claim("resource", List.of(request.resource()));
        }
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.parse(properties.algorithm()));
        header = keyId != null ? header.keyID(keyId) : header.x509CertChain(certificateChain);
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the Maskinporten grant", e);
        }
        return new Grant(jwt.serialize(), jti);
    }

    /** A signed grant and its jti (safe to log); {@link #toString()} never shows the grant. */
    public record Grant(String assertion, String jti) {
        @Override
        public String toString() {
            return "Grant[jti=" + jti + "]";
        }
    }

    public static SigningKey load(MaskinportenProperties properties, Clock clock) {
        SigningKey key = properties.usesKeystore() ? fromKeystore(properties.keystore()) : fromJwk(properties.jwk());
        // The grant's signer refuses any other key, but only at the first token request.
        if (!(key.privateKey() instanceof RSAPrivateKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalStateException((properties.usesKeystore() ? "gateway.maskinporten.keystore.path"
                    : "gateway.maskinporten.jwk.path") + " must hold an RSA key of 2048 bits or more");
        }
        if (key.notAfter() != null && !key.notAfter().isAfter(clock.instant())) {
            throw new IllegalStateException("the Maskinporten " + (key.keyId() != null ? "key" : "certificate")
                    + " expired at " + key.notAfter() + ": renew it");
        }
        return key;
    }

    private static SigningKey fromKeystore(MaskinportenProperties.Keystore keystore) {
        String where = "gateway.maskinporten.keystore.path (" + keystore.path() + ")";
        char[] password = keystore.password() == null ? new char[0] : keystore.password().toCharArray();
        try (InputStream in = Files.newInputStream(keystore.path())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = keystore.alias() != null ? keystore.alias() : onlyAlias(store, where);
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalStateException("gateway.maskinporten.keystore.alias '" + alias
                        + "' holds no private key in " + where);
            }
            Certificate[] chain = store.getCertificateChain(alias);
            List<Base64> x5c = new ArrayList<>();
            for (Certificate certificate : chain) {
                x5c.add(Base64.encode(certificate.getEncoded()));
            }
            Instant notAfter = ((X509Certificate) chain[0]).getNotAfter().toInstant();
            return new SigningKey(privateKey, null, List.copyOf(x5c), notAfter);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the keystore at " + where
                    + ": wrong path or gateway.maskinporten.keystore.password", e);
        }
    }

    private static String onlyAlias(KeyStore store, String where) throws GeneralSecurityException {
        List<String> aliases = Collections.list(store.aliases());
        if (aliases.size() != 1) {
            throw new IllegalStateException("set gateway.maskinporten.keystore.alias: " + where + " holds "
                    + aliases.size() + " entries");
        }
        return aliases.get(0);
    }

    private static SigningKey fromJwk(MaskinportenProperties.Jwk jwk) {
        String where = "gateway.maskinporten.jwk.path (" + jwk.path() + ")";
        try {
            JWK parsed = JWK.parse(Files.readString(jwk.path()));
            if (!(parsed instanceof RSAKey rsa) || !rsa.isPrivate()) {
                throw new IllegalStateException(where + " must hold a private RSA JWK");
            }
            if (rsa.getKeyID() == null) {
                throw new IllegalStateException(where + " must hold a JWK with a kid");
            }
            Instant notAfter = rsa.getExpirationTime() == null ? null : rsa.getExpirationTime().toInstant();
            return new SigningKey(rsa.toPrivateKey(), rsa.getKeyID(), null, notAfter);
        } catch (IOException | ParseException | JOSEException e) {
            throw new IllegalStateException("cannot read the JWK at " + where, e);
        }
    }
}
