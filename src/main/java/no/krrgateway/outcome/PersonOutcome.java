// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.Verdict;

/** Exactly one of these per requested id: a result with the §32 verdict, or an error with a reason code. */
public sealed interface PersonOutcome {

    RequestContext context();

    /** The person id, or null for a MALFORMED_REQUEST error that has none. */
    String personId();

    record Result(RequestContext context, String personId, Verdict verdict, KrrPerson krr) implements PersonOutcome {
    }

    record Error(RequestContext context, String personId, ErrorCode code, String message, String payload)
            implements PersonOutcome {
    }
}
