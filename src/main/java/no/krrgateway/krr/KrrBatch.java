// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.util.List;

/** At most batch-size distinct ids, all for one customer ({@code consumerOrg}, null = default): one token per call. */
public record KrrBatch(List<String> ids, String consumerOrg) {

    public KrrBatch {
        ids = List.copyOf(ids);
    }

    public int size() {
        return ids.size();
    }
}
