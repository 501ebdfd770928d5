// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;

/** Persons as KRR answers them, for the lookup's unit tests. */
final class KrrPersons {

    private static final JsonFactory JSON = new JsonFactory();

    private KrrPersons() {
    }

    static KrrPerson active(String personId) {
        byte[] json = ("{\"personidentifikator\":\"" + personId + "\",\"status\":\"AKTIV\",\"reservasjon\":\"NEI\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return KrrAnswer.person(parser, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
