// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void metrics_dropFunctionsLabelsRangesGroupingAndVariables() {
        assertThat(PromQlNames.metrics("histogram_quantile(0.99, sum by (le) (rate(gateway_krr_requests_seconds_bucket"
                + "{job=~\"$job\", status!=\"a_b\"}[$__rate_interval])))"))
                .containsExactly("gateway_krr_requests_seconds_bucket");
        assertThat(PromQlNames.metrics("sum by (job, channel, code) (rate(gateway_outcomes_total{result=\"error\"}[15m]))"
                + " / ignoring(code) group_left sum by (job) (rate(gateway_ids_received_total[15m])) > 0.05"))
                .containsExactly("gateway_ids_received_total", "gateway_outcomes_total");
        assertThat(PromQlNames.metrics("gateway_signing_key_days_left >= 0 and gateway_intake_held_back == 1 unless"
                + " up offset 5m")).containsExactly("gateway_intake_held_back", "gateway_signing_key_days_left", "up");
        assertThat(PromQlNames.metrics("label_values(gateway_ids_received_total{job=~\"$job\"}, instance)"))
                .containsExactly("gateway_ids_received_total");
    }
}
