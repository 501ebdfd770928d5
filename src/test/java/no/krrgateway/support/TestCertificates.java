// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.time.Instant;
import no.krrgateway.simulator.DigitalPostCertificate;

/** The simulator's digital-post certificates and their validity ends, for tests of the certificate verdict. */
public final class TestCertificates {

    public static final String VALID = DigitalPostCertificate.BASE64_DER;
    public static final Instant VALID_NOT_AFTER = Instant.parse("2036-11-21T22:50:12Z");
    public static final String EXPIRED = DigitalPostCertificate.EXPIRED_BASE64_DER;
    public static final Instant EXPIRED_NOT_AFTER = Instant.parse("2020-12-31T00:44:43Z");

    private TestCertificates() {
    }
}
