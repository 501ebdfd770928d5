// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum InputFormat {
    TXT, CSV, JSON;

    public static Optional<InputFormat> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.name().equals(extension)).findFirst();
    }
}
