// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.util.regex.Pattern;

/** What a properties record's {@code toString} shows of a secret or a URL that may carry one: never a password. */
public final class Redact {

    /** {@code scheme://user:password@host} and Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@\\s]*@|(:thin:)[^@\\s]*@");
    /** {@code ?password=...}, {@code &pwd=...}, {@code ;password=...} (SQL Server), and tokens and keys alike. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;]\\s*[a-z_.-]*(password|passwd|pwd|secret|token|key)[a-z_.-]*\\s*=)[^&;#\\s]*");

    private Redact() {
    }

    public static String secret(Object value) {
        return value == null || value.toString().isEmpty() ? "(none)" : "(set)";
    }

    public static String url(Object url) {
        if (url == null) {
            return null;
        }
        String text = USER_INFO.matcher(url.toString()).replaceAll("$1$2***@");
        return SECRET_PARAMETER.matcher(text).replaceAll("$1***");
    }
}
