package io.flytrap.core.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key check before a lookup is a loop, no longer the regular expression {@code [A-Za-z0-9_-]+} (issue #24): it
 * must say yes and no exactly where that expression does, so that no key that was looked up before is now unknown
 * unread, and nothing PostgreSQL would refuse (a NUL) reaches a lookup.
 */
class ClientKeyTextTests {

    private static final Pattern KEY_TEXT = Pattern.compile("[A-Za-z0-9_-]+");

    @Test
    void shouldAgreeWithTheRegularExpressionOnEveryCharacterAndAroundValidKeys() {
        List<String> texts = new ArrayList<>(List.of("", "a", "Z", "0", "9", "_", "-", "0123456789abcdef0123456789abcdef",
                "ABC-def_123", " key", "key ", "ke y", "key\u0000", "kéy", "key\n", "key/", "key+", "key=", "key.",
                "\uD83D\uDE00", "a".repeat(64)));
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            texts.add(String.valueOf(c));
            texts.add("ab" + c + "12");
        }
        texts.add(String.valueOf(Character.MAX_VALUE));

        for (String text : texts) {
            assertThat(ClientKeyCache.isKeyText(text)).as("%s", text.codePoints().boxed().toList())
                    .isEqualTo(KEY_TEXT.matcher(text).matches());
        }
        assertThat(texts.stream().filter(ClientKeyCache::isKeyText).count()).as("the 64 key characters, alone and "
                + "between others, and the valid keys above").isEqualTo(64 * 2 + 9);
    }
}
