// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import java.util.regex.Pattern;

/** Masks person ids in text meant for logs: any run of exactly 11 digits keeps its first six ({@code 209146*****}). */
public final class PersonIdMasking {

    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<!\\d)(\\d{6})\\d{5}(?!\\d)");

    private PersonIdMasking() {
    }

    public static String mask(String text) {
        if (text == null || text.length() < 11) {
            return text;
        }
        return ELEVEN_DIGITS.matcher(text).replaceAll("$1*****");
    }
}
