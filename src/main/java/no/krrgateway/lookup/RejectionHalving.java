// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.List;
import no.krrgateway.krr.KrrBatch;
import org.springframework.stereotype.Component;

/**
 * Route krr-halving's steps. When KRR rejects a batch (HTTP 400 or 422), the ids that cause it are found by halving:
 * each half is asked again, down to single ids, so that only those get KRR_REJECTED and every other id is answered.
 * Any other failure is not halved: a 4xx that is not about the ids (KrrException.Misconfigured) would only repeat
 * for every half and end as KRR_REJECTED for ids KRR never judged.
 */
@Component
public class RejectionHalving {

    /** The first has the smaller half. */
    public List<KrrBatch> halves(KrrBatch rejected) {
        List<String> ids = rejected.ids();
        if (ids.size() < 2) {
            throw new IllegalArgumentException("a batch of " + ids.size() + " ids cannot be halved");
        }
        int half = ids.size() / 2;
        return List.of(new KrrBatch(ids.subList(0, half), rejected.consumerOrg()),
                new KrrBatch(ids.subList(half, ids.size()), rejected.consumerOrg()));
    }

    public BatchAnswer rejected(KrrBatch single, String reason) {
        if (single.size() != 1) {
            throw new IllegalArgumentException("only a single id is answered as rejected, not " + single.size());
        }
        return BatchAnswer.rejected(single.ids().get(0), reason);
    }

    /** The split's strategy method; {@code sofar} is null for the first half. */
    public BatchAnswer merge(BatchAnswer sofar, BatchAnswer next) {
        return sofar == null ? next : sofar.plus(next);
    }
}
