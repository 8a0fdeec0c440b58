package com.globalremit.redis.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyPatternsTest {

    private final KeyNaming naming = KeyNaming.withPrefix("remit");

    @Test
    void escapeGlobEscapesEverySpecialCharacter() {
        assertThat(KeyPatterns.escapeGlob("plain-id_1")).isEqualTo("plain-id_1");
        assertThat(KeyPatterns.escapeGlob("12*")).isEqualTo("12\\*");
        assertThat(KeyPatterns.escapeGlob("a?b[c]d\\e")).isEqualTo("a\\?b\\[c\\]d\\\\e");
        assertThat(KeyPatterns.escapeGlob("")).isEmpty();
    }

    @Test
    void literalPartsAreEscapedInPatterns() {
        assertThat(naming.key("client", "profile").id("12*").pattern()).isEqualTo("remit:client:profile:12\\*");
        assertThat(naming.key("client", "transactions").id("[1]").anySuffix().pattern())
                .isEqualTo("remit:client:transactions:\\[1\\]:*");
    }

    @Test
    void wildcardsOnlyWhereAskedFor() {
        assertThat(naming.key("client", "profile").anyId().pattern()).isEqualTo("remit:client:profile:*");
        assertThat(naming.key("exchange", "rate").id("USD", KeyPatterns.ANY).pattern())
                .isEqualTo("remit:exchange:rate:USD:*");
        assertThat(naming.key("client", "account").anyId().sub("transactions").pattern())
                .isEqualTo("remit:client:account:*:transactions");
        assertThat(naming.key("client", "profile").anyId().hashTag().pattern()).isEqualTo("remit:client:profile:{*}");
    }

    @Test
    void aLiteralStarFromInputIsNotTheWildcard() {
        String fromUserInput = new StringBuilder("*").toString();
        assertThat(naming.key("client", "profile").id(fromUserInput).pattern()).isEqualTo("remit:client:profile:\\*");
        assertThat(naming.key("client", "profile").id("*").pattern()).isEqualTo("remit:client:profile:\\*");
    }

    /** Checks patterns with a faithful port of Redis's stringmatchlen for the subset our patterns use. */
    @Test
    void anIdWithGlobCharactersCannotWidenThePattern() {
        String pattern = naming.key("client", "profile").id("12*").pattern();
        List<String> keys = List.of("remit:client:profile:12*", "remit:client:profile:12",
                "remit:client:profile:123", "remit:client:profile:12*3", "remit:client:profile:129");
        assertThat(matching(pattern, keys)).containsExactly("remit:client:profile:12*");

        String question = naming.key("client", "profile").id("1?").pattern();
        assertThat(matching(question, List.of("remit:client:profile:1?", "remit:client:profile:12")))
                .containsExactly("remit:client:profile:1?");

        String bracket = naming.key("client", "profile").id("[12]").pattern();
        assertThat(matching(bracket, List.of("remit:client:profile:[12]", "remit:client:profile:1")))
                .containsExactly("remit:client:profile:[12]");
    }

    @Test
    void anySuffixDoesNotMatchALongerId() {
        String pattern = naming.key("client", "transactions").id("12").anySuffix().pattern();
        assertThat(matching(pattern, List.of("remit:client:transactions:12:recent",
                "remit:client:transactions:123:recent", "remit:client:transactions:12")))
                .containsExactly("remit:client:transactions:12:recent");
    }

    private static List<String> matching(String pattern, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            if (GlobMatcher.matches(pattern, key)) {
                out.add(key);
            }
        }
        return out;
    }

    /** Minimal port of Redis's glob semantics: *, ?, [...] (with ^ and ranges) and backslash escapes. */
    static final class GlobMatcher {

        static boolean matches(String p, String s) {
            return match(p, 0, s, 0);
        }

        private static boolean match(String p, int pi, String s, int si) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                switch (c) {
                    case '*':
                        while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                            pi++;
                        }
                        if (pi + 1 == p.length()) {
                            return true;
                        }
                        for (int k = si; k <= s.length(); k++) {
                            if (match(p, pi + 1, s, k)) {
                                return true;
                            }
                        }
                        return false;
                    case '?':
                        if (si >= s.length()) {
                            return false;
                        }
                        si++;
                        pi++;
                        break;
                    case '[': {
                        if (si >= s.length()) {
                            return false;
                        }
                        pi++;
                        boolean not = pi < p.length() && p.charAt(pi) == '^';
                        if (not) {
                            pi++;
                        }
                        boolean found = false;
                        while (pi < p.length() && p.charAt(pi) != ']') {
                            if (p.charAt(pi) == '\\' && pi + 1 < p.length()) {
                                pi++;
                                found |= p.charAt(pi) == s.charAt(si);
                            } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-') {
                                found |= p.charAt(pi) <= s.charAt(si) && s.charAt(si) <= p.charAt(pi + 2);
                                pi += 2;
                            } else {
                                found |= p.charAt(pi) == s.charAt(si);
                            }
                            pi++;
                        }
                        if (found == not) {
                            return false;
                        }
                        pi++;
                        si++;
                        break;
                    }
                    case '\\':
                        if (pi + 1 < p.length()) {
                            pi++;
                        }
                        // fall through: match the escaped character literally
                    default:
                        if (si >= s.length() || p.charAt(pi) != s.charAt(si)) {
                            return false;
                        }
                        pi++;
                        si++;
                }
            }
            return si == s.length();
        }
    }
}
