// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import java.util.regex.Pattern;

/**
 * Person ids, e-mail addresses and international phone numbers masked in linear time. Any chain of 11+ digits in
 * groups joined by single separators (209146 95016, 20.09.46-950/16) is masked, harmless figures too: no id missed.
 */
public final class PersonIdMasking {

    /** The most last digits a setting may keep: five or more would leave a few candidates per birth date. */
    public static final int MAX_KEEP_LAST_DIGITS = 4;

    private static final int ID_DIGITS = 11;

    private static final Pattern ADDRESS_OR_PHONE = Pattern.compile(
            // Linear: a match starts only where a run of address characters does (the look-behind), and every
            // quantifier is bounded and possessive; an unbounded one held a consumer for minutes (PoisonRecordIT).
            "(?<email>(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}+"
            + "@[\\p{L}\\p{N}-]{1,63}+(?:\\.[\\p{L}\\p{N}-]{1,63}+){1,8}+)"
            + "|(?<phone>(?<![\\w+])\\+[1-9]\\d(?:[ -]?\\d){6,13}(?!\\d))");

    private static volatile int keepLastDigits;

    private PersonIdMasking() {
    }

    public static void keepLastDigits(int digits) {
        if (digits < 0 || digits > MAX_KEEP_LAST_DIGITS) {
            throw new IllegalArgumentException("gateway.logging.keep-last-digits must be 0.." + MAX_KEEP_LAST_DIGITS
                    + ", was " + digits);
        }
        keepLastDigits = digits;
    }

    /** A number only of exactly eleven digits: a longer one in a structured field is a timestamp or a count. */
    public static Object maskScalar(Object value) {
        if (value instanceof CharSequence text) {
            return mask(text.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger) {
            String digits = value.toString();
            return digits.length() == ID_DIGITS ? mask(digits) : value;
        }
        return value;
    }

    public static String mask(String text) {
        return mask(text, ID_DIGITS);
    }

    /** A name its sender chose (a dropped file's): ten digits, an id typed a digit short, are masked too. */
    public static String maskName(String text) {
        return mask(text, ID_DIGITS - 1);
    }

    private static String mask(String text, int leastDigits) {
        if (text == null || text.length() < 6) {
            return text;
        }
        return maskDigitRuns(!mayHoldAddressOrPhone(text) ? text : ADDRESS_OR_PHONE.matcher(text)
                .replaceAll(match -> match.group().indexOf('@') >= 0 ? "***@***" : "+********"), leastDigits);
    }

    /** Only an '@' (e-mail) or a '+' before a digit 1-9 (phone) lets the pattern match. */
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

    /** One pass, each character looked at a bounded number of times: a regex per form was 16 % of the CPU. */
    static String maskDigitRuns(String text, int leastDigits) {
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
            int digits = end - i;
            while (end + 1 < length && isSeparator(text.charAt(end)) && isDigit(text.charAt(end + 1))) {
                int next = digitRunEnd(text, end + 1);
                digits += next - end - 1;
                end = next;
            }
            if (digits >= leastDigits || digits >= 6 && clipped(text, end)) {
                if (masked == null) {
                    masked = new StringBuilder(length);
                }
                masked.append(text, copied, i);
                int keepFrom = digits - (digits == ID_DIGITS ? keepLastDigits : 0);
                int digit = 0;
                for (int at = i; at < end; at++) {
                    char c = text.charAt(at);
                    masked.append(isDigit(c) && digit++ < keepFrom ? '*' : c);
                }
                copied = end;
            }
            i = end;
        }
        return masked == null ? text : masked.append(text, copied, length).toString();
    }

    /** Cut short here (Camel's logged bodies, at 10,000 characters): an id's first nine digits give it whole. */
    private static boolean clipped(String text, int at) {
        return text.startsWith("...", at) || at < text.length() && text.charAt(at) == '\u2026';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Not a comma or a colon: lists and clock times. */
    static boolean isSeparator(char c) {
        return c == '.' || c == '_' || c == '/' || c == '-' || c == '\t' || Character.isSpaceChar(c)
                || Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    private static int digitRunEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }
}
