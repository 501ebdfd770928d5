// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class InFlightMarkTest {

    @Test
    void format_thenParse_givesTheOffsetBack() {
        assertThat(InFlightMark.format(1234)).isEqualTo("krr-gateway:in-flight-until=1234");
        assertThat(InFlightMark.parse(InFlightMark.format(1234))).hasValue(1234);
        assertThat(InFlightMark.parse(InFlightMark.format(0))).hasValue(0);
    }

    @Test
    void parse_emptyForeignOrMalformedMetadata_isNoMark() {
        assertThat(InFlightMark.parse(null)).isEmpty();
        assertThat(InFlightMark.parse("")).isEmpty();
        assertThat(InFlightMark.parse("some other client's note")).isEmpty();
        assertThat(InFlightMark.parse("krr-gateway:in-flight-until=")).isEmpty();
        assertThat(InFlightMark.parse("krr-gateway:in-flight-until=12x")).isEmpty();
        assertThat(InFlightMark.parse("krr-gateway:in-flight-until=-3")).isEmpty();
        assertThat(InFlightMark.parse("krr-gateway:in-flight-until=99999999999999999999")).isEmpty();
    }

    @Test
    void pending_onlyAMarkAheadOfTheCommittedOffset() {
        assertThat(InFlightMark.pending(new OffsetAndMetadata(10, InFlightMark.format(25)))).hasValue(25);
        // The normal commit after publishing: offset advanced, no metadata.
        assertThat(InFlightMark.pending(new OffsetAndMetadata(25))).isEmpty();
        assertThat(InFlightMark.pending(new OffsetAndMetadata(25, InFlightMark.format(25)))).isEmpty();
        assertThat(InFlightMark.pending(new OffsetAndMetadata(30, InFlightMark.format(25)))).isEmpty();
        assertThat(InFlightMark.pending(null)).isEmpty();
    }
}
