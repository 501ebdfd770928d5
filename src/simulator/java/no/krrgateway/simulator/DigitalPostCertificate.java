// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

/**
 * Fixed self-signed test certificates that simulated persons with digital post carry as {@code sertifikat}, so
 * clients see real base64 DER X.509 values (one of them expired); their private keys were thrown away.
 */
public final class DigitalPostCertificate {

    /** Base64 DER, "CN=KRR Simulator Digital Post Test, O=krr-gateway simulator, C=NO", valid ten years. */
    public static final String BASE64_DER = "MIIDUjCCAjqgAwIBAgIJAPG41UKgti2bMA0GCSqGSIb3DQEBCwUAMFcxCzAJBgNVBAYTAk5PMR4wHAYDVQQKExVrcnItZ2F0"
            + "ZXdheSBzaW11bGF0b3IxKDAmBgNVBAMTH0tSUiBTaW11bGF0b3IgRGlnaXRhbCBQb3N0IFRlc3QwHhcNMjYxMTI0MjI1MDEy"
            + "WhcNMzYxMTIxMjI1MDEyWjBXMQswCQYDVQQGEwJOTzEeMBwGA1UEChMVa3JyLWdhdGV3YXkgc2ltdWxhdG9yMSgwJgYDVQQD"
            + "Ex9LUlIgU2ltdWxhdG9yIERpZ2l0YWwgUG9zdCBUZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzLn9H+Du"
            + "zQBxHfIZoAHUQSG3b+7/7ikNFmPk2JM6C77tG2KObZDRl2BSXWWGiwnlCEle3fU8/sCS6zLUne6jU2I8ZxxXpEmwsZxGi/la"
            + "tsFrXl01RoIQ1pK/9zJyyhINSkX7Np4PWHnmooBZJBKrWvJt5hXE8jUPRW3pGv3hu6ZS7ciqBXaJY9EHvfpkdBd8IPQDLNgk"
            + "SdWlow6bBA+Ebu/sTNy0okOHrEHelS0nuN0q/GQEQYT1De5QXP5SwqC+OrtIqgOaKGI1BYqmqCWAewKuvUs5XhMgYC9fKh3U"
            + "Sy5HQ8KAJXUu69p/QsuUWGqGKs3Jun7rrSTCiCnLRTUNmwIDAQABoyEwHzAdBgNVHQ4EFgQUnxMsgdv8lPeftCvHg+978uL/"
            + "iQAwDQYJKoZIhvcNAQELBQADggEBAMr2auK1eQ1cyYoJJVeL3/aUfUX0wvnyBeCxurKDTucruInaDzhmdSSclt24jUPCq6nN"
            + "P6YSnYNEm5h+excrbFg+RzaZBEbuCY6y4hF8w8n5d64Lx2pR6H3PTlk51NRt9NWIefvLHFQaAfQQLsErbeigEKv9++1PVamB"
            + "uPvnBEM2Rkktl4BXn2BBI9X/ydhXSc/tiH9Oyzlx7fGNq/j1DK2nP4CSqorQ4JLbXSOSkzJoxSegDImE4KI7bbqd0mTxZeTa"
            + "8NS2moQtW8pP/BdFCRe7up1wGS6jk0lwn0DrqWYGcSTfQY1Z4TUNkND8ovHdWy5B1w0FAHQh3dhERD/D6fc=";

    /**
     * Base64 DER, "CN=KRR Simulator Expired Digital Post Test, O=krr-gateway simulator, C=NO", valid 2019-01-01 to
     * 2020-12-31: a certificate KRR still hands out after it has expired, which a sender must not encrypt to.
     */
    public static final String EXPIRED_BASE64_DER = "MIIDYTCCAkmgAwIBAgIIS+5ZIhfMqgswDQYJKoZIhvcNAQELBQAwXzELMAkGA1UEBhMCTk8xHjAcBgNVBAoTFWtyci1nYXRld2F5"
            + "IHNpbXVsYXRvcjEwMC4GA1UEAxMnS1JSIFNpbXVsYXRvciBFeHBpcmVkIERpZ2l0YWwgUG9zdCBUZXN0MB4XDTE5MDEwMTAwNDQ0"
            + "M1oXDTIwMTIzMTAwNDQ0M1owXzELMAkGA1UEBhMCTk8xHjAcBgNVBAoTFWtyci1nYXRld2F5IHNpbXVsYXRvcjEwMC4GA1UEAxMn"
            + "S1JSIFNpbXVsYXRvciBFeHBpcmVkIERpZ2l0YWwgUG9zdCBUZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx95B"
            + "n20RU/q6ScqDxQhODgIkE9NgJlF/yeZDnzTG1t8y7C90cr7KVrE+KiPkEkOcH+ISd3gMw3oNj//grAqX0sXiyJHd8O7apCGwEVUm"
            + "f3koEj3K9+mGaEV4E556tuSNUuOBvMJLglFbRrkwrToTqi5dIyDpsMxizzz7S3rTBPfdrp9rzH5USwS5+bevmCBy2FYXktvpVA6E"
            + "+WT5REQ5KkmctZ+tnwZf/+eTHHdMeSyDYrpu2jkpzg0KsonGcHptDVAGUy174+dsQp9zQ2q2GVPefRcJmFJBrTJL7xe5x4Jp9OqD"
            + "DljPFxhoEWtEjoVimFlrtW8CTDzyFnmhjDM55QIDAQABoyEwHzAdBgNVHQ4EFgQUmhHorQ9fqbimezg0cwTMbLNyKaAwDQYJKoZI"
            + "hvcNAQELBQADggEBAJlnSYX6QAIuS0f46C7g9oET4cKgprpNIxaUzgsxpuykBJRMeF7uUYyGu/DprNIneVzXAQtFbgS0pRe2Stk0"
            + "tChf76u/m9Bi38Gq5puvf/10ea89lZpsfEMU4gkV5xHJBKHdPaL2SVUl0FD41c0v6KeK/SOEmImVkrQJ1K77Sl/voAOi6BdHBvYY"
            + "DyBENUljVnJ70M1Q8MV9wGGaD4PbUkTEpb8pM+OWItP2WlBVO5pTl39OWyj0gQqDtyHuBqkpP4AOkSplIVdZU3uqY0/7msXuDTWg"
            + "mJNpmUxBWCF4PrhMb2+JkFtFTfzi/DpvncnHOLLcvQy54CBqgG8WX5NuL4g=";

    private DigitalPostCertificate() {
    }
}
