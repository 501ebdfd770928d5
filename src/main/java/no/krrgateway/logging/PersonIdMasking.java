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

    public static String mask(String text) {
        if (text == null || text.length() < 6 || !mightHold(text)) {
            return text;
        }
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

    /** Most log lines hold no '@', no '+digit' and no six digits in a row: skip the regex for them. */
    private static boolean mightHold(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || c == '+' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                return true;
            }
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= 6) {
                return true;
            }
        }
        return false;
    }
}
