// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import java.util.List;
import java.util.Set;

/**
 * Which customers (Maskinporten's consumer_org) a request may name: the configured default always, others only when
 * listed in {@code gateway.maskinporten.consumer-orgs}. A request naming the default is treated as naming none, so
 * its ids share calls and the token with requests that name none.
 */
public final class ConsumerOrgs {

    private final String defaultOrg;
    private final Set<String> listed;

    public ConsumerOrgs(String defaultOrg, List<String> listed) {
        this.defaultOrg = defaultOrg == null || defaultOrg.isBlank() ? null : defaultOrg;
        this.listed = listed == null ? Set.of() : Set.copyOf(listed);
    }

    /** Only the configured default (or none): every named org is refused. */
    public static ConsumerOrgs defaultOnly(String defaultOrg) {
        return new ConsumerOrgs(defaultOrg, List.of());
    }

    public boolean allows(String org) {
        return org == null || org.equals(defaultOrg) || listed.contains(org);
    }

    /** The org to look up for: null for none or the default, else the org itself. */
    public String lookupOrg(String org) {
        return org == null || org.equals(defaultOrg) ? null : org;
    }
}
