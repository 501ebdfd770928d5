// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.util.Map;
import no.krrgateway.krr.model.KrrPerson;

/** One KRR call's answer: persons by id (ids KRR left out are absent) and, when kept, the signed answer (else null). */
public record KrrReply(Map<String, KrrPerson> persons, Evidence evidence) {
}
