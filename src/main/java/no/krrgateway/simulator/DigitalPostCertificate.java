// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

/**
 * A fixed self-signed test certificate that simulated persons with digital post carry as {@code sertifikat}, so
 * clients see a real base64 DER X.509 value; its private key was thrown away.
 */
final class DigitalPostCertificate {

    /** Base64 DER, "CN=KRR Simulator Digital Post Test, O=krr-gateway simulator, C=NO", valid ten years. */
    static final String BASE64_DER = "MIIDUjCCAjqgAwIBAgIJAPG41UKgti2bMA0GCSqGSIb3DQEBCwUAMFcxCzAJBgNVBAYTAk5PMR4wHAYDVQQKExVrcnItZ2F0"
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

    private DigitalPostCertificate() {
    }
}
