// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void toBytes_sameJsonAsTheMapper() throws Exception {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("personidentifikator", "20914695016");
        person.put("kontaktinformasjon", Map.of("epostadresse", "a\"b@example.no", "mobiltelefonnummer", "+4799"));
        person.put("spraak", null);
        person.put("count", 3);
        person.put("flag", true);
        person.put("list", Arrays.asList("x", null, List.of(1, 2)));
        Map<String, Object> answer = Map.of("personer", List.of(person, Map.of("status", "IKKE_REGISTRERT")));

        assertThat(new String(SimulatorJson.toBytes(mapper, answer)))
                .isEqualTo(mapper.writeValueAsString(answer));
    }
}
