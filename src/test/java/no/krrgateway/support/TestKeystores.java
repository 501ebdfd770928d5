// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Makes throw-away PKCS#12 business certificates with the JDK's keytool, as an operator would for a test client. */
public final class TestKeystores {

    public static final String PASSWORD = "changeit";

    private TestKeystores() {
    }

    /** A keystore with a self-signed RSA key pair; {@code startDate} like "-2y" makes an expired one. */
    public static Path keyPair(Path folder, String alias, String startDate, int validityDays) {
        return keyPair(folder, alias, "RSA", 2048, startDate, validityDays);
    }

    /** A key pair of another algorithm or size ({@code keyalg} as keytool's: RSA, EC). */
    public static Path keyPair(Path folder, String alias, String keyalg, int keysize, String startDate,
                               int validityDays) {
        Path keystore = folder.resolve(alias + ".p12");
        List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias, "-keyalg", keyalg,
                "-keysize", String.valueOf(keysize), "-validity", String.valueOf(validityDays), "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
                "-dname", "CN=krr-gateway test " + alias));
        if (startDate != null) {
            command.addAll(List.of("-startdate", startDate));
        }
        run(command);
        return keystore;
    }

    /** The keystore entry's certificate as PEM, as the simulator registers an x5c client. */
    public static Path exportCertificate(Path keystore, String alias) {
        Path pem = keystore.resolveSibling(alias + ".pem");
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", pem.toString()));
        return pem;
    }

    /** A keystore whose only entry is a certificate without its private key. */
    public static Path certificateOnly(Path folder, Path certificate, String alias) {
        Path keystore = folder.resolve(alias + "-cert-only.p12");
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD));
        return keystore;
    }

    /** Any keytool command (its arguments after keytool) whose {@code -keystore} is a file in a folder it makes. */
    public static void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(keytool()));
        command.addAll(List.of(arguments));
        run(command);
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) {
        try {
            Files.createDirectories(Path.of(command.get(command.indexOf("-keystore") + 1)).getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (Exception e) {
            throw new IllegalStateException("keytool failed", e);
        }
    }
}
