// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Known to Maskinporten by {@code kid} (JWK) or {@code x5c} (business certificate); toString hides the key. */
public record SigningKey(PrivateKey privateKey, String keyId, List<Base64> certificateChain, Instant notAfter) {

    @Override
    public String toString() {
        return keyId != null ? "SigningKey[kid=" + keyId + "]" : "SigningKey[x5c, notAfter=" + notAfter + "]";
    }

    public static SigningKey load(MaskinportenProperties properties, Clock clock) {
        SigningKey key = properties.usesKeystore() ? fromKeystore(properties.keystore()) : fromJwk(properties.jwk());
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
        List<String> aliases = java.util.Collections.list(store.aliases());
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
