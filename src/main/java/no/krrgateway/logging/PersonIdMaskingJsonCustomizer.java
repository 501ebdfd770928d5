// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * The person-id safety net for structured (JSON) logs, whose stack-trace printer reads the raw exception past
 * {@link LogMasking}'s masked event: every value of every member (message, stack trace, MDC, key-value pairs) has its
 * 11-digit runs masked, and an 11-digit number is written as masked text. Registered by
 * {@code logging.structured.json.customizer}.
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
