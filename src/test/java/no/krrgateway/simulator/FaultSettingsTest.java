// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void json_propertyStyleDurationsAndStatusKeys_parse() throws Exception {
        FaultSettings settings = JSON.readValue("""
                {"krrErrorRates":{"500":0.2,"503":0.1},"krr429Rate":0.1,"krr429RetryAfter":"2",
                 "latencyMin":"50ms","latencyMax":"PT0.2S","hangRate":0.01,"hangFor":120000,
                 "outage":{"startsIn":"10s","lasts":"1m","status":502},"rejectIds":["x"],"seed":7}""",
                FaultSettings.class);

        assertThat(settings.krrErrorRates()).containsEntry(500, 0.2).containsEntry(503, 0.1);
        assertThat(settings.latencyMin()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.latencyMax()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.hangFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.outage()).isEqualTo(new FaultSettings.Outage(Duration.ofSeconds(10),
                Duration.ofMinutes(1), 502));
        assertThat(VALIDATOR.validate(settings)).isEmpty();
    }

    @Test
    void json_written_readsBackEqual() throws Exception {
        FaultSettings settings = JSON.readValue("{\"outageFor\":\"60s\",\"krrStatus\":503,\"krrCount\":-1}",
                FaultSettings.class);

        String written = JSON.writeValueAsString(settings);

        assertThat(written).isEqualTo("{\"krrStatus\":503,\"krrCount\":-1,\"outageFor\":\"PT1M\"}");
        assertThat(JSON.readValue(written, FaultSettings.class)).isEqualTo(settings);
    }

    @Test
    void json_unreadableDuration_isRefused() {
        assertThatThrownBy(() -> JSON.readValue("{\"outageFor\":\"soon\"}", FaultSettings.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void validate_ratesAddingUpPastOne_isRefused() {
        assertThat(messages(rates(Map.of(500, 0.6), 0.5))).containsExactly(
                "krr429Rate and krrErrorRates must add up to at most 1");
        assertThat(messages(rates(Map.of(500, 0.5, 503, 0.4), 0.1))).isEmpty();
    }

    @Test
    void validate_rateOutOfRangeOrStatusNotAnError_isRefused() {
        assertThat(messages(rates(Map.of(302, 0.1), null))).hasSize(1);
        assertThat(messages(rates(Map.of(500, 1.5), null))).isNotEmpty();
        assertThat(messages(rates(null, -0.1))).hasSize(1);
    }

    @Test
    void validate_bothOutageFormsOrBadDurations_isRefused() {
        FaultSettings both = new FaultSettings(null, null, null, null, null, null, null, null, null, null, null, null,
                null, new FaultSettings.Outage(null, Duration.ofSeconds(1), null), Duration.ofSeconds(1), null, null);
        FaultSettings inverted = new FaultSettings(null, null, null, null, null, null, null, null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(1), null, null, null, null, null, null);
        FaultSettings noLength = new FaultSettings(null, null, null, null, null, null, null, null, null, null, null,
                null, null, new FaultSettings.Outage(null, null, null), null, null, null);

        assertThat(messages(both)).containsExactly("give outage or outageFor, not both");
        assertThat(messages(inverted)).hasSize(1);
        assertThat(messages(noLength)).hasSize(1);
    }

    @Test
    void mergedWith_patchNamingOneCountdownField_replacesTheGroupAndKeepsTheRest() {
        FaultSettings current = new FaultSettings(503, 2, null, 500, -1, "5", Map.of(500, 0.1), null, null, null,
                null, null, null, null, Duration.ofSeconds(60), List.of("x"), null);
        FaultSettings patch = new FaultSettings(null, null, null, null, 0, null, null, 0.2, null, null, null, null,
                null, new FaultSettings.Outage(null, Duration.ofSeconds(5), null), null, null, null);

        FaultSettings merged = current.mergedWith(patch);

        assertThat(merged.tokenStatus()).isEqualTo(503);
        assertThat(merged.krrStatus()).isNull();
        assertThat(merged.krrCount()).isZero();
        assertThat(merged.krrRetryAfter()).isNull();
        assertThat(merged.krr429Rate()).isEqualTo(0.2);
        assertThat(merged.krrErrorRates()).containsEntry(500, 0.1);
        assertThat(merged.outageFor()).isNull();
        assertThat(merged.outage().lasts()).isEqualTo(Duration.ofSeconds(5));
        assertThat(merged.rejectIds()).containsExactly("x");
    }

    private static FaultSettings rates(Map<Integer, Double> rates, Double rate429) {
        return new FaultSettings(null, null, null, null, null, null, rates, rate429, null, null, null, null, null,
                null, null, null, null);
    }

    private static List<String> messages(FaultSettings settings) {
        return VALIDATOR.validate(settings).stream().map(v -> v.getMessage()).toList();
    }
}
