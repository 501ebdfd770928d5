// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/** Masks JSON logs' member values: Boot's stack-trace printer reads the raw exception, past {@link LogMasking}. */
public class PersonIdMaskingJsonCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor((path, value) -> PersonIdMasking.maskScalar(value));
    }
}
