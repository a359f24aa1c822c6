package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loops accept exactly what StrictHttpFirewall's default regular expressions accept. */
class FirewallCharactersTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void sameAnswerAsTheRegexForEveryCodePoint() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String text = "a" + new String(Character.toChars(cp)) + "b";
            assertThat(FirewallCharacters.NAMES.test(text))
                    .as("name U+%04X", cp)
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(FirewallCharacters.HEADER_VALUES.test(text))
                    .as("value U+%04X", cp)
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void loneSurrogatesAndRealHeaders() {
        for (String text :
                new String[] {"", "\uD800", "x\uDC00y", "\uD83D\uDE00", "Bearer brisk_abc", "a\tb", "a\r\nb", "\u0000"
                }) {
            assertThat(FirewallCharacters.NAMES.test(text))
                    .as(text)
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(FirewallCharacters.HEADER_VALUES.test(text))
                    .as(text)
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }
}
