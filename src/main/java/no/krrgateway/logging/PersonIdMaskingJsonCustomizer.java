// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks every member's value in JSON logs ({@code logging.structured.json.customizer}): their stack-trace printer
 * reads the raw exception past {@link LogMasking}'s masked event.
 */
public class PersonIdMaskingJsonCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(PersonIdMaskingJsonCustomizer::mask);
    }

    static Object mask(MemberPath path, Object value) {
        return PersonIdMasking.maskScalar(value);
    }
}
