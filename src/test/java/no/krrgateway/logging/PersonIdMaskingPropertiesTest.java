// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Generated person ids written the way people write them (issue 25): eleven digits with separators typed at random
 * places ({@code _ / . -}, space, tab, non-breaking and figure spaces, dashes), inside random text. Every digit of the
 * id is masked, its separators kept; and on any text {@link PersonIdMasking#mask} agrees with an oracle written
 * independently as a regex over the same rule.
 */
class PersonIdMaskingPropertiesTest {

    /** What a person may type between digit groups. */
    private static final List<String> SEPARATORS = List.of("_", "/", ".", "-", " ", "\t", "\u00A0", "\u2007",
            "\u202F", "\u2009", "\u2010", "\u2013");
    /** Text around an id: digits and separators included, '@' and '+' (addresses, phones) left out. */
    private static final String CONTEXT = "abxyzæø ,:;(){}\"=#0123456789._-/\t\u00A0\u2013";
    /**
     * The oracle's rule: digit runs joined by single separators; eleven digits or more are masked, and six or more
     * cut short by "..." (an id's first nine give it whole).
     */
    private static final Pattern CHAIN = Pattern.compile("\\d+(?:[._/\\t\\p{Z}\\p{Pd}]\\d+)*");

    @AfterProperty
    void wholeIdsAgain() {
        PersonIdMasking.keepLastDigits(0);
    }

    @Property(tries = 3000)
    void separatedIdInText_everyDigitMaskedSeparatorsKept(@ForAll("separatedIds") String id,
                                                          @ForAll("context") String before,
                                                          @ForAll("context") String after,
                                                          @ForAll @IntRange(max = 4) int keep) {
        PersonIdMasking.keepLastDigits(keep);
        // A letter on each side: the id is a chain of its own, so exactly its last `keep` digits may stay.
        String text = before + "x" + id + "y" + after;
        String masked = PersonIdMasking.mask(text);

        assertThat(masked).hasSameSizeAs(text);
        int start = before.length() + 1;
        int digit = 0;
        for (int i = start; i < start + id.length(); i++) {
            char original = text.charAt(i);
            if (Character.isDigit(original)) {
                assertThat(masked.charAt(i)).as("digit %d of %s in %s", digit, id, text)
                        .isEqualTo(digit++ < 11 - keep ? '*' : original);
            } else {
                assertThat(masked.charAt(i)).as("separator at %d in %s", i, text).isEqualTo(original);
            }
        }
    }

    @Property(tries = 3000)
    void anyText_sameAsTheOracle(@ForAll("digitRichText") String text, @ForAll @IntRange(max = 4) int keep) {
        PersonIdMasking.keepLastDigits(keep);
        assertThat(PersonIdMasking.mask(text)).as(text).isEqualTo(oracle(text, keep));
    }

    @Property(tries = 1000)
    void emailWithNonAsciiDomain_masked(@ForAll("labels") String local, @ForAll("labels") String domain,
                                        @ForAll("labels") String topLevel) {
        String address = local + "@" + domain + "." + topLevel;
        assertThat(PersonIdMasking.mask("til " + address + ", takk")).isEqualTo("til ***@***, takk");
    }

    @Provide
    Arbitrary<String> separatedIds() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofLength(11);
        // for each of the ten gaps between digits: no separator (most often) or one of them
        Arbitrary<List<Integer>> gaps = Arbitraries.integers().between(-SEPARATORS.size(), SEPARATORS.size() - 1)
                .list().ofSize(10);
        return Combinators.combine(digits, gaps).as((number, between) -> {
            StringBuilder id = new StringBuilder().append(number.charAt(0));
            for (int i = 1; i < 11; i++) {
                int gap = between.get(i - 1);
                if (gap >= 0) {
                    id.append(SEPARATORS.get(gap));
                }
                id.append(number.charAt(i));
            }
            return id.toString();
        });
    }

    @Provide
    Arbitrary<String> context() {
        return Arbitraries.strings().withChars(CONTEXT).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> digitRichText() {
        return Arbitraries.strings().withChars("0123456789012345678901234567890123456789 ._-/\t\u00A0\u2013x,:")
                .ofMinLength(0).ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().withChars("abcdeæøåüéßñ中文ДЖ0123456789").ofMinLength(2).ofMaxLength(12);
    }

    private static String oracle(String text, int keep) {
        Matcher chain = CHAIN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (chain.find()) {
            String found = chain.group();
            long digits = found.chars().filter(Character::isDigit).count();
            StringBuilder replaced = new StringBuilder(found);
            boolean clipped = text.startsWith("...", chain.end()) || text.startsWith("\u2026", chain.end());
            if (digits >= 11 || digits >= 6 && clipped) {
                long masked = digits == 11 ? 11 - keep : digits;
                int seen = 0;
                for (int i = 0; i < replaced.length(); i++) {
                    if (Character.isDigit(replaced.charAt(i)) && seen++ < masked) {
                        replaced.setCharAt(i, '*');
                    }
                }
            }
            chain.appendReplacement(out, Matcher.quoteReplacement(replaced.toString()));
        }
        return chain.appendTail(out).toString();
    }
}
