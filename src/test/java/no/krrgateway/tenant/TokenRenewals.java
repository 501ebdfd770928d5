// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Stands in for renewing a tenant's token ({@link TenantRefusals}' renewer): records each org, fails while told to. */
public final class TokenRenewals implements Consumer<String> {

    private final List<String> orgs = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    public TokenRenewals(RuntimeException failure) {
        this.failure = failure;
    }

    /** Each renewal from now on throws {@code failure}; none does when it is null. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public RuntimeException failure() {
        return failure;
    }

    /** The orgs whose token was renewed or tried, in order. */
    public List<String> orgs() {
        return orgs;
    }

    @Override
    public void accept(String org) {
        orgs.add(org);
        RuntimeException now = failure;
        if (now != null) {
            throw now;
        }
    }
}
