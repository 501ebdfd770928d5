// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generates a throw-away RSA JWK for a test client, written to a file as the gateway reads it. */
public final class TestKeys {

    private TestKeys() {
    }

    /** A fresh folder for keys, removed when the JVM exits. */
    public static Path newFolder() {
        try {
            Path folder = Files.createTempDirectory("krr-gateway-keys");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path writeJwk(Path folder, String kid) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
            Path file = folder.resolve(kid + ".jwk.json");
            Files.createDirectories(folder);
            Files.writeString(file, key.toJSONString());
            file.toFile().deleteOnExit();
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a test key", e);
        }
    }
}
