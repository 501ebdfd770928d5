// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Signs the simulated KRR's answers as a compact JWS (ES256, {@code x5c} = signer certificate and test CA), as KRR
 * does when asked for {@code application/jose}. The signer certificate is issued by a throw-away test CA and names
 * the organisation in its subject ({@code organizationIdentifier=NTRNO-<org>} and {@code serialNumber=<org>}).
 * A {@link Fault} makes it answer with a signature the gateway must refuse.
 */
@Profile("simulator")
@Component
public class KrrAnswerSigner {

    /** What is wrong with the signed answers. */
    public enum Fault {
        /** A good signature by the configured organisation's certificate. */
        NONE,
        /** The payload changed after signing. */
        TAMPERED,
        /** Signed by a certificate of the same CA for another organisation. */
        WRONG_ORG,
        /** Signed by a certificate of the same CA that expired a year ago. */
        EXPIRED,
        /** Signed by a certificate of the configured organisation issued by a CA nobody trusts. */
        UNKNOWN_CA,
        /** Signed by a certificate of the same CA whose key usage is keyEncipherment only (RFC 5280 §4.2.1.3). */
        NOT_FOR_SIGNING
    }

    static final String CA_KEYSTORE = "krr-signing-ca.p12";
    static final String CA_PEM = "krr-signing-ca.pem";
    /** Protects only a throw-away test CA's key in a development folder; never a real key. */
    private static final char[] TEST_CA_PASSWORD = "simulator".toCharArray();
    private static final String WRONG_ORG = "123456785";

    private record Signer(ECDSASigner signer, List<Base64> chain) {
    }

    private final X509Certificate ca;
    private final Signer good;
    private final Signer wrongOrg;
    private final Signer expired;
    private final Signer unknownCa;
    private final Signer notForSigning;
    private volatile Fault fault;

    public KrrAnswerSigner(SimulatorSigningProperties properties, Clock clock) {
        try {
            Instant now = clock.instant();
            KeyStore.PrivateKeyEntry caEntry = properties.folder() == null ? newCa("KRR simulator test CA", now)
                    : loadOrCreateCa(properties.folder(), now);
            ca = (X509Certificate) caEntry.getCertificate();
            PrivateKey caKey = caEntry.getPrivateKey();
            Instant from = now.minus(Duration.ofHours(1));
            Instant until = now.plus(Duration.ofDays(365));
            good = signer(properties.organization(), ca, caKey, from, until, KeyUsage.digitalSignature);
            wrongOrg = signer(WRONG_ORG, ca, caKey, from, until, KeyUsage.digitalSignature);
            expired = signer(properties.organization(), ca, caKey, now.minus(Duration.ofDays(730)),
                    now.minus(Duration.ofDays(365)), KeyUsage.digitalSignature);
            notForSigning = signer(properties.organization(), ca, caKey, from, until, KeyUsage.keyEncipherment);
            KeyStore.PrivateKeyEntry strangerCa = newCa("Unknown test CA", now);
            unknownCa = signer(properties.organization(), (X509Certificate) strangerCa.getCertificate(),
                    strangerCa.getPrivateKey(), from, until, KeyUsage.digitalSignature);
            fault = properties.fault();
        } catch (GeneralSecurityException | OperatorCreationException | JOSEException e) {
            throw new IllegalStateException("cannot make the simulator's KRR signing certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or keep the simulator's test CA (folder "
                    + properties.folder() + ")", e);
        }
    }

    /** The answer {@code json} as a compact JWS, with the fault in force. */
    public byte[] sign(byte[] json) {
        Fault now = fault;
        Signer signer = switch (now) {
            case WRONG_ORG -> wrongOrg;
            case EXPIRED -> expired;
            case UNKNOWN_CA -> unknownCa;
            case NOT_FOR_SIGNING -> notForSigning;
            default -> good;
        };
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JOSE)
                .x509CertChain(signer.chain()).build(), new Payload(json));
        try {
            jws.sign(signer.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the KRR answer", e);
        }
        String compact = jws.serialize();
        if (now == Fault.TAMPERED) {
            // still valid JSON that the gateway's tolerant reader would accept: only the signature tells
            String changed = "{\"tampered\":true," + new String(json, StandardCharsets.UTF_8).substring(1);
            String[] parts = compact.split("\\.");
            compact = parts[0] + "." + Base64URL.encode(changed) + "." + parts[2];
        }
        return compact.getBytes(StandardCharsets.US_ASCII);
    }

    public Fault fault() {
        return fault;
    }

    public void fault(Fault fault) {
        this.fault = fault;
    }

    /** The test CA's certificate as PEM: the trust anchor a gateway needs for this simulator's answers. */
    public String caPem() {
        try {
            return pem(ca);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore.PrivateKeyEntry loadOrCreateCa(Path folder, Instant now)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Path keystore = folder.resolve(CA_KEYSTORE);
        KeyStore store = KeyStore.getInstance("PKCS12");
        KeyStore.PrivateKeyEntry entry;
        if (Files.exists(keystore)) {
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, TEST_CA_PASSWORD);
            }
            entry = (KeyStore.PrivateKeyEntry) store.getEntry("ca", new KeyStore.PasswordProtection(TEST_CA_PASSWORD));
        } else {
            Files.createDirectories(folder);
            entry = newCa("KRR simulator test CA", now);
            store.load(null, null);
            store.setEntry("ca", entry, new KeyStore.PasswordProtection(TEST_CA_PASSWORD));
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, TEST_CA_PASSWORD);
            }
        }
        Files.writeString(folder.resolve(CA_PEM), pem((X509Certificate) entry.getCertificate()));
        return entry;
    }

    private static String pem(X509Certificate certificate) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyStore.PrivateKeyEntry newCa(String name, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = ecKeys();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "NO")
                .addRDN(BCStyle.O, "krr-gateway test").addRDN(BCStyle.CN, name).build();
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new KeyStore.PrivateKeyEntry(keys.getPrivate(), new X509Certificate[] {certificate});
    }

    private static Signer signer(String organization, X509Certificate issuer, PrivateKey issuerKey, Instant from,
                                 Instant until, int keyUsage)
            throws GeneralSecurityException, OperatorCreationException, JOSEException, IOException {
        KeyPair keys = ecKeys();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "NO")
                .addRDN(BCStyle.O, "DIGITALISERINGSDIREKTORATET")
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRNO-" + organization)
                .addRDN(BCStyle.SERIALNUMBER, organization)
                .addRDN(BCStyle.CN, "KRR simulator signing").build();
        var builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from), Date.from(until), subject,
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        return new Signer(new ECDSASigner((ECPrivateKey) keys.getPrivate()),
                List.of(Base64.encode(certificate.getEncoded()), Base64.encode(issuer.getEncoded())));
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }
}
