// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text meant for logs: person ids, e-mail addresses and international phone numbers (KRR's
 * {@code +4799999999}). An id is found however a person wrote it: eleven or more digits in a row, also inside longer
 * text, or digit groups joined by single separators ({@code 209146 95016}, {@code 209146_95016}, {@code 209146/95016},
 * {@code 20 09 46 950 16}, with a tab, a non-breaking or another Unicode space, a dash of any kind, {@code .}, {@code _}
 * or {@code /}) that hold eleven or more digits together. Such a chain is masked digit by digit, its separators kept.
 * An id is masked whole by default ({@code ***********}); {@code gateway.logging.keep-last-digits} may keep up to its
 * last four digits for support, never the birth date at its start. Shorter numbers are left alone (offsets, counts,
 * {@code topic-3-1234567}); numbers chained past eleven digits together are masked (a Kafka source whose partition
 * and offset reach eleven digits, a date with a time in dots), which may hide a harmless figure but never an id.
 * Linear in the text's length whatever it holds.
 */
public final class PersonIdMasking {

    /** The most last digits a setting may keep: five or more would leave a few candidates per birth date. */
    public static final int MAX_KEEP_LAST_DIGITS = 4;

    private static final int ID_DIGITS = 11;

    /** E-mail addresses (with non-ASCII local parts and domains) and international phone numbers. */
    private static final Pattern ADDRESS_OR_PHONE = Pattern.compile(
            // Linear in the text's length, whatever it holds: a match starts only where a run of address characters
            // starts (the look-behind), and every quantifier is bounded and possessive. An unbounded one was
            // quadratic: a 700 KB correlation id with one '@' held a consumer thread for minutes (PoisonRecordIT).
            "(?<email>(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}+"
            + "@[\\p{L}\\p{N}-]{1,63}+(?:\\.[\\p{L}\\p{N}-]{1,63}+){1,8}+)"
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
        return maskDigitRuns(mayHoldAddressOrPhone(text) ? maskAddressesAndPhones(text) : text);
    }

    /** Through the regex engine: only text that holds an '@' or a '+' before a digit can hold either. */
    private static String maskAddressesAndPhones(String text) {
        Matcher matcher = ADDRESS_OR_PHONE.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(masked, matcher.group("email") != null ? "***@***" : "+********");
        } while (matcher.find());
        matcher.appendTail(masked);
        return masked.toString();
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

    /**
     * One pass over the text: each chain of digit runs joined by single separators is measured, and masked when it
     * holds at least eleven digits. Every character is looked at a bounded number of times, so a 1 MB line is masked
     * in milliseconds however many separators it holds (a regex with a branch per form tried them all at every
     * character: 16 % of the gateway's CPU with one audit line per request record).
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
            int digits = end - i;
            while (end + 1 < length && isSeparator(text.charAt(end)) && isDigit(text.charAt(end + 1))) {
                int next = digitRunEnd(text, end + 1);
                digits += next - end - 1;
                end = next;
            }
            if (digits >= ID_DIGITS) {
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * What a person types between an id's digit groups: {@code . _ / -}, a tab, any Unicode space (the
     * non-breaking and figure spaces among them) and any dash. Not a comma or a colon: lists and clock times.
     */
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
