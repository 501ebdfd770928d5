// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.util.List;

/**
 * One KRR call's worth of work: at most {@code gateway.krr.batch-size} distinct ids, all on behalf of one customer
 * ({@code consumerOrg}, null = the configured default), so that one token serves the whole call.
 */
public record KrrBatch(List<String> ids, String consumerOrg) {

    public KrrBatch {
        ids = List.copyOf(ids);
    }

    public int size() {
        return ids.size();
    }
}
