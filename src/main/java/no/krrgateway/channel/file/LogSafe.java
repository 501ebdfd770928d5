// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.regex.Pattern;

/** Masks what may be a person id in a file name: {@code 20914695016.txt} -> {@code 209146*****.txt}. */
final class LogSafe {

    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(\\d{6})\\d{5}");

    private LogSafe() {
    }

    static String name(String fileName) {
        return ELEVEN_DIGITS.matcher(fileName).replaceAll("$1*****");
    }
}
