// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * Lets the fault admin JSON take durations the way properties do ({@code "10s"}, {@code "PT10S"}, a number of
 * milliseconds), whatever the application's ObjectMapper does with {@link Duration}; written back as ISO-8601.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonDeserialize(using = SimpleDuration.Deserializer.class)
@JsonSerialize(using = ToStringSerializer.class)
public @interface SimpleDuration {

    /** Parses with Spring Boot's {@link DurationStyle}, as the property binder does. */
    class Deserializer extends JsonDeserializer<Duration> {

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofMillis(parser.getLongValue());
            }
            String text = parser.getValueAsString();
            try {
                return DurationStyle.detectAndParse(text.trim());
            } catch (RuntimeException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text,
                        "not a duration such as \"500ms\", \"10s\" or \"PT10S\"");
            }
        }
    }
}
