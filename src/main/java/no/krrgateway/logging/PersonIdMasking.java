// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text meant for logs: person ids (any run of 11 or more digits, also inside longer text, and
 * the {@code DDMMYY NNNNN} form), e-mail addresses and international phone numbers (KRR's {@code +4799999999}).
 * An id is masked whole by default ({@code ***********}); {@code gateway.logging.keep-last-digits} may keep up to its
 * last four digits for support, never the birth date at its start. Bare 8-digit numbers are left alone: they cannot be
 * told from offsets and counts.
 */
public final class PersonIdMasking {

    /** The most last digits a setting may keep: five or more would leave a few candidates per birth date. */
    public static final int MAX_KEEP_LAST_DIGITS = 4;

    private static final Pattern PERSONAL = Pattern.compile(
            "(?<id>(?<!\\d)\\d{11,}(?!\\d))"
            + "|(?<spaced>(?<!\\d)\\d{6}[ .-]\\d{5}(?!\\d))"
            // Linear in the text's length, whatever it holds: a match starts only where a run of address characters
            // starts (the look-behind), and every quantifier is bounded and possessive. An unbounded one was
            // quadratic: a 700 KB correlation id with one '@' held a consumer thread for minutes (PoisonRecordIT).
            + "|(?<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}+"
            + "@[A-Za-z0-9-]{1,63}+(?:\\.[A-Za-z0-9-]{1,63}+){1,8}+)"
            + "|(?<phone>(?<![\\w+])\\+[1-9]\\d(?:[ -]?\\d){6,13}(?!\\d))");

    private static volatile int keepLastDigits;

    private PersonIdMasking() {
    }

    /** Set once logging starts (from {@code gateway.logging.keep-last-digits}); 0 masks ids whole. */
    public static void keepLastDigits(int digits) {
        if (digits < 0 || digits > MAX_KEEP_LAST_DIGITS) {
            throw new IllegalArgumentException("gateway.logging.keep-last-digits must be 0.." + MAX_KEEP_LAST_DIGITS);
        }
        keepLastDigits = digits;
    }

    public static int keepLastDigits() {
        return keepLastDigits;
    }

    /**
     * A number's digits, masked only when they are exactly an id's eleven: a longer number in a structured field is
     * a timestamp or a count, unlike a longer digit run in text, which may be ids run together.
     */
    public static String maskNumber(String digits) {
        return digits.length() == 11 ? mask(digits) : digits;
    }

    /**
     * A structured value masked as its text is: a string's ids, e-mail addresses and phone numbers, an integer that
     * is an id; any other value as it is.
     */
    public static Object maskScalar(Object value) {
        if (value instanceof CharSequence text) {
            return mask(text.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger) {
            String digits = value.toString();
            String masked = maskNumber(digits);
            return masked.equals(digits) ? value : masked;
        }
        return value;
    }

    public static String mask(String text) {
        if (text == null || text.length() < 6) {
            return text;
        }
        return mayHoldAddressOrPhone(text) ? maskByPattern(text) : maskDigitRuns(text);
    }

    /**
     * The whole pattern through the regex engine. {@link #mask} uses it only for text that holds an '@' or a '+'
     * before a digit; public for the side-by-side benchmark ({@code LogMaskingBenchmark}).
     */
    public static String maskByPattern(String text) {
        Matcher matcher = PERSONAL.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        int keep = keepLastDigits;
        StringBuilder masked = new StringBuilder(text.length());
        do {
            String found = matcher.group();
            String replacement;
            if (matcher.group("id") != null) {
                int kept = found.length() == 11 ? keep : 0;
                replacement = "*".repeat(found.length() - kept) + found.substring(found.length() - kept);
            } else if (matcher.group("spaced") != null) {
                replacement = "******" + found.charAt(6) + "*****";
            } else if (matcher.group("email") != null) {
                replacement = "***@***";
            } else {
                replacement = "+********";
            }
            matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        } while (matcher.find());
        matcher.appendTail(masked);
        return masked.toString();
    }

    /** Only an '@' (e-mail) or a '+' before a digit 1-9 (phone) lets the pattern's last two branches match. */
    private static boolean mayHoldAddressOrPhone(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || c == '+' && i + 1 < text.length() && text.charAt(i + 1) >= '1'
                    && text.charAt(i + 1) <= '9') {
                return true;
            }
        }
        return false;
    }

    /**
     * The pattern's {@code id} and {@code spaced} branches as one pass over the text, with the same matches and
     * replacements (PersonIdMaskingTest compares the two). Hand-written because the regex engine tried four
     * branches with look-arounds at every character: 16 % of the gateway's CPU with one audit line per request
     * record (their timestamps, offsets and numeric correlation ids all hold six digits in a row).
     */
    static String maskDigitRuns(String text) {
        int length = text.length();
        StringBuilder masked = null;
        int copied = 0;
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int end = digitRunEnd(text, i);
            int matchEnd;
            if (end - i >= 11) {
                matchEnd = end;
            } else if (end - i == 6 && end < length && isSeparator(text.charAt(end))
                    && digitRunEnd(text, end + 1) == end + 6) {
                matchEnd = end + 6;
            } else {
                i = end;
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(length);
            }
            masked.append(text, copied, i);
            if (matchEnd == end) {
                int kept = end - i == 11 ? keepLastDigits : 0;
                stars(masked, end - i - kept).append(text, end - kept, end);
            } else {
                stars(masked, 6).append(text.charAt(end));
                stars(masked, 5);
            }
            copied = matchEnd;
            i = matchEnd;
        }
        return masked == null ? text : masked.append(text, copied, length).toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-';
    }

    private static int digitRunEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static StringBuilder stars(StringBuilder to, int count) {
        for (int i = 0; i < count; i++) {
            to.append('*');
        }
        return to;
    }
}
