// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

/** Lets operations see KRR calls (ids per call, each HTTP attempt's status and latency) without KrrClient knowing. */
public interface KrrCallObserver {

    default void batch(int ids) {
    }

    /** One HTTP attempt: KRR's status, or 0 when KRR did not answer (timeout, refused connection). */
    default void attempt(int status, long nanos) {
    }
}
