// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The Maskinporten clients the simulator knows, with their key material read once from the configured files. */
@Profile("simulator")
@Component
public class RegisteredClients {

    /** One client: its public JWK and/or certificate (either may be null) and its allowed scopes. */
    record RegisteredClient(String clientId, RSAKey publicJwk, X509Certificate certificate, Set<String> scopes,
                            String organizationNumber) {
    }

    private final Map<String, RegisteredClient> byId;

    public RegisteredClients(SimulatorProperties properties) {
        byId = properties.maskinporten().clients().stream()
                .map(RegisteredClients::load)
                .collect(Collectors.toUnmodifiableMap(RegisteredClient::clientId, Function.identity()));
    }

    Optional<RegisteredClient> find(String clientId) {
        return Optional.ofNullable(clientId).map(byId::get);
    }

    private static RegisteredClient load(SimulatorProperties.Client client) {
        RSAKey jwk = client.jwkPath() == null ? null : readJwk(client.jwkPath());
        X509Certificate certificate = client.certificatePath() == null ? null
                : readCertificate(client.certificatePath());
        // Scopes may be given as a list or as one space-separated string.
        Set<String> scopes = client.scopes().stream()
                .flatMap(s -> Arrays.stream(s.trim().split("\\s+")))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new RegisteredClient(client.clientId(), jwk, certificate, scopes, client.organizationNumber());
    }

    private static RSAKey readJwk(Path path) {
        try {
            JWK jwk = JWK.parse(read(path));
            if (!(jwk instanceof RSAKey rsaKey)) {
                throw new IllegalStateException("not an RSA JWK: " + path);
            }
            return rsaKey.toPublicJWK();
        } catch (ParseException e) {
            throw new IllegalStateException("not a JWK: " + path, e);
        }
    }

    private static X509Certificate readCertificate(Path path) {
        X509Certificate certificate = X509CertUtils.parse(read(path));
        if (certificate == null) {
            throw new IllegalStateException("not a PEM X.509 certificate: " + path);
        }
        return certificate;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator client key material " + path, e);
        }
    }
}
