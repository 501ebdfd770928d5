// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import no.krrgateway.logging.PersonIdMasking;

/** Masks what may be a person id in a file name, as logs mask ids: {@code 20914695016.txt} -> {@code ***********.txt}. */
final class LogSafe {

    private LogSafe() {
    }

    static String name(String fileName) {
        return PersonIdMasking.mask(fileName);
    }
}
