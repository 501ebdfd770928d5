// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.util.Optional;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.CertificateVerdict;

/** Exactly one of these per requested id: a result with the §32 verdict, or an error with a reason code. */
public sealed interface PersonOutcome {

    RequestContext context();

    /** The person id, or null for a MALFORMED_REQUEST error that has none. */
    String personId();

    /** {@code evidence} is null unless gateway.krr.signed-answers.keep. */
    record Result(RequestContext context, String personId, Verdict verdict, KrrPerson krr, Evidence evidence)
            implements PersonOutcome {

        public static final String KAN_VARSLES = "KAN_VARSLES";
        public static final String KAN_IKKE_VARSLES = "KAN_IKKE_VARSLES";

        public Optional<CertificateVerdict> certificate() {
            String certificate = krr.certificate();
            return certificate == null ? Optional.empty()
                    : Optional.of(CertificateVerdict.judge(certificate, verdict.evaluatedAt()));
        }

        public boolean disagreesWithKrr() {
            String krrStatus = krr.varslingsstatus();
            return KAN_VARSLES.equals(krrStatus) && !verdict.notifiable()
                    || KAN_IKKE_VARSLES.equals(krrStatus) && verdict.notifiable();
        }
    }

    /** {@code payload} is the echoed part of a malformed request, {@code payloadLength} the whole's length. */
    record Error(RequestContext context, String personId, ErrorCode code, String message, String payload,
                 long payloadLength) implements PersonOutcome {

        public Error(RequestContext context, String personId, ErrorCode code, String message, String payload) {
            this(context, personId, code, message, payload, payload == null ? 0 : payload.length());
        }
    }
}
