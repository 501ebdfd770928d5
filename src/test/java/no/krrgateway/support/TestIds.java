// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import no.krrgateway.id.PersonIdValidator;

/** Makes valid synthetic person ids (Tenor style, +80 on the month) and invalid ones, reproducibly. */
public final class TestIds {

    private static final int[] K1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    private static final PersonIdValidator VALIDATOR = new PersonIdValidator(true);

    private TestIds() {
    }

    public static List<String> valid(int count, long seed) {
        Random random = new Random(seed);
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            String nine = String.format("%02d%02d%02d%03d", 1 + random.nextInt(28), 81 + random.nextInt(12),
                    random.nextInt(100), random.nextInt(1000));
            String id = withCheckDigits(nine);
            if (id != null && VALIDATOR.problem(id).isEmpty()) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    /** Ids that fail validation in different ways: check digits, length, letters. */
    public static List<String> invalid(int count, long seed) {
        List<String> valid = valid(count, seed ^ 0x5DEECE66DL);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = valid.get(i);
            ids.add(switch (i % 3) {
                case 0 -> id.substring(0, 10) + ((id.charAt(10) - '0' + 1) % 10);
                case 1 -> id.substring(0, 10);
                default -> id.substring(0, 5) + "x" + id.substring(6);
            });
        }
        return ids;
    }

    static String withCheckDigits(String nine) {
        int[] d = new int[11];
        for (int i = 0; i < 9; i++) {
            d[i] = nine.charAt(i) - '0';
        }
        int s1 = 0;
        for (int i = 0; i < 9; i++) {
            s1 += K1[i] * d[i];
        }
        d[9] = (11 - s1 % 11) % 11;
        int s2 = 0;
        for (int i = 0; i < 10; i++) {
            s2 += K2[i] * d[i];
        }
        d[10] = (11 - s2 % 11) % 11;
        if (d[9] == 10 || d[10] == 10) {
            return null;
        }
        StringBuilder id = new StringBuilder(nine);
        id.append(d[9]).append(d[10]);
        return id.toString();
    }
}
