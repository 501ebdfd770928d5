import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

public class Verify {
    public static void main(String[] args) throws Exception {
        String record = Files.readString(Path.of(args[0]));
        String jws = field(record, "jws");
        Instant receivedAt = Instant.parse(field(record, "receivedAt"));
        // 1. the record's id is the SHA-256 of the JWS
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(jws.getBytes(StandardCharsets.US_ASCII)));
        check(sha256.equals(field(record, "evidenceId")), "evidenceId is not the SHA-256 of the JWS");
        // 2. the three parts of the JWS (base64url)
        String[] parts = jws.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        // 3. the certificates in x5c: the signer first, then its issuers
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        Matcher x5c = Pattern.compile("\"x5c\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(header);
        check(x5c.find(), "no x5c in the header");
        for (Matcher der = Pattern.compile("\"([^\"]+)\"").matcher(x5c.group(1)); der.find(); ) {
            chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(
                    Base64.getDecoder().decode(der.group(1).replace("\\/", "/")))));
        }
        // 4. the chain leads to KRR's CA, every certificate valid when the answer came
        Set<TrustAnchor> anchors = new HashSet<>();
        for (Certificate ca : x509.generateCertificates(Files.newInputStream(Path.of(args[1])))) {
            anchors.add(new TrustAnchor((X509Certificate) ca, null));
        }
        List<X509Certificate> path = chain.stream()
                .filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
        // only CAs valid when the answer came: the JDK skips a CA's own dates and path length, openssl checks them
        anchors.removeIf(a -> a.getTrustedCert().getNotBefore().toInstant().isAfter(receivedAt)
                || a.getTrustedCert().getNotAfter().toInstant().isBefore(receivedAt));
        check(!anchors.isEmpty(), "no CA certificate in " + args[1] + " was valid when the answer came");
        PKIXParameters pkix = new PKIXParameters(anchors);
        pkix.setDate(Date.from(receivedAt));
        pkix.setRevocationEnabled(false);
        var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                .validate(x509.generateCertPath(path), pkix);
        int pathLength = result.getTrustAnchor().getTrustedCert().getBasicConstraints();
        check(pathLength < 0 || path.size() - 1 <= pathLength, "the chain is longer than the CA's path length");
        // 5. the signer is the organisation
        String subject = chain.get(0).getSubjectX500Principal().getName(X500Principal.RFC1779,
                Map.of("2.5.4.97", "organizationIdentifier", "2.5.4.5", "serialNumber"));
        check(Pattern.compile("(organizationIdentifier=NTRNO-|serialNumber=)" + args[2] + "(,|$)")
                .matcher(subject).find(), "the signer is not organisation " + args[2] + ": " + subject);
        // and its key may sign (RFC 5280 4.2.1.3): key usage, when given, has digitalSignature or nonRepudiation
        boolean[] usage = chain.get(0).getKeyUsage();
        check(usage == null || usage[0] || usage[1], "the signer certificate's key usage allows no digital signature");
        // 6. the signature over header.payload
        String alg = field(header, "alg");
        String bits = alg.substring(2);
        Signature signature = Signature.getInstance(switch (alg.substring(0, 2)) {
            case "RS" -> "SHA" + bits + "withRSA";
            case "PS" -> "RSASSA-PSS";
            case "ES" -> "SHA" + bits + "withECDSAinP1363Format";
            default -> throw new IllegalStateException("unexpected algorithm " + alg);
        });
        signature.initVerify(chain.get(0).getPublicKey());
        if (alg.startsWith("PS")) {
            signature.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1",
                    new MGF1ParameterSpec("SHA-" + bits), Integer.parseInt(bits) / 8, 1));
        }
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        check(signature.verify(Base64.getUrlDecoder().decode(parts[2])), "the signature does not match");
        // 7. what KRR said about the person that day
        Files.write(Path.of("payload.json"), payload);
        String said = new String(payload, StandardCharsets.UTF_8);
        check(args.length < 4 || Pattern.compile("\"personidentifikator\"\\s*:\\s*\"" + Pattern.quote(args[3]) + "\"")
                .matcher(said).find(),
                "the answer says nothing about the person");
        System.out.println("OK " + field(record, "evidenceId") + ": signed by " + subject + ", valid at "
                + receivedAt);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        check(m.find(), "no " + name);
        return m.group(1);
    }

    static void check(boolean holds, String otherwise) {
        if (!holds) {
            System.err.println("FAILED: " + otherwise);
            System.exit(1);
        }
    }
}
