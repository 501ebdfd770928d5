// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.ArrayList;
import java.util.List;

/** Generates valid synthetic person ids (+80 on the month, as Skatteetaten's Tenor test ids) for file tests. */
final class SyntheticIds {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private SyntheticIds() {
    }

    /** @return {@code count} distinct valid ids, the same on every call */
    static List<String> generate(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int individual = 0; individual < 1000; individual++) {
            for (int year = 0; year < 100; year++) {
                for (int month = 1; month <= 12; month++) {
                    for (int day = 1; day <= 28; day++) {
                        if (ids.size() == count) {
                            return ids;
                        }
                        String id = withCheckDigits(String.format("%02d%02d%02d%03d", day, month + 80, year,
                                individual));
                        if (id != null) {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("more ids asked for than this generator makes");
    }

    private static String withCheckDigits(String nine) {
        int[] d = nine.chars().map(c -> c - '0').toArray();
        int k1 = checkDigit(d, K1);
        if (k1 == 10) {
            return null;
        }
        int[] ten = java.util.Arrays.copyOf(d, 10);
        ten[9] = k1;
        int k2 = checkDigit(ten, K2);
        return k2 == 10 ? null : nine + k1 + k2;
    }

    private static int checkDigit(int[] digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * digits[i];
        }
        int k = 11 - sum % 11;
        return k == 11 ? 0 : k;
    }
}
