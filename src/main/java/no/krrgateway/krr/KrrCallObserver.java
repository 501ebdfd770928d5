// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

/**
 * Lets operations see KRR calls without KrrClient knowing: ids per call, and each HTTP attempt's latency and status
 * (0 when KRR did not answer: timeout, refused connection).
 */
public interface KrrCallObserver {

    default void batch(int ids) {
    }

    default void attempt(int status, long nanos) {
    }
}
