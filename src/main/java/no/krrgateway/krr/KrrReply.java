// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.util.Map;
import no.krrgateway.krr.model.KrrPerson;

/**
 * One KRR call's answer: the persons it returned, by id (ids KRR left out are absent), and, when signed answers are
 * kept, the signed answer they were read from (null otherwise).
 */
public record KrrReply(Map<String, KrrPerson> persons, Evidence evidence) {
}
