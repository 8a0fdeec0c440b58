package com.globalremit.redis.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNamingTest {

    private final KeyNaming plain = KeyNaming.DEFAULT;
    private final KeyNaming remit = KeyNaming.withPrefix("remit");

    @Test
    void buildsTheStrategyExamples() {
        assertThat(plain.key("client", "profile").id("123").build()).isEqualTo("client:profile:123");
        assertThat(plain.key("account", "balance").id("456").build()).isEqualTo("account:balance:456");
        assertThat(plain.key("exchange", "rate").id("USD", "EUR").build()).isEqualTo("exchange:rate:USD:EUR");
        assertThat(plain.key("client", "transactions").id("123").suffix("recent").build())
                .isEqualTo("client:transactions:123:recent");
    }

    @Test
    void placesSubEntityBetweenIdAndSuffixWhateverTheCallOrder() {
        assertThat(plain.key("client", "account").suffix("recent").sub("transactions").id("123").build())
                .isEqualTo("client:account:123:transactions:recent");
    }

    @Test
    void prependsTheApplicationPrefixWithOrWithoutTrailingSeparator() {
        assertThat(remit.key("client", "profile").id("123").build()).isEqualTo("remit:client:profile:123");
        assertThat(KeyNaming.withPrefix("remit:").key("client", "profile").id("123").build())
                .isEqualTo("remit:client:profile:123");
        assertThat(KeyNaming.withPrefix("remit:eu").key("client", "profile").id("1").build())
                .isEqualTo("remit:eu:client:profile:1");
    }

    @Test
    void keyWithoutIdIsAllowed() {
        assertThat(plain.key("reference", "countries").build()).isEqualTo("reference:countries");
    }

    @Test
    void customSeparator() {
        KeyNaming dots = KeyNaming.builder().prefix("remit").separator('.').build();
        assertThat(dots.key("client", "profile").id("a:b").build()).isEqualTo("remit.client.profile.a:b");
        assertThatIllegalArgumentException().isThrownBy(() -> KeyNaming.builder().separator('*').build())
                .withMessageContaining("separator").withMessageContaining("\"*\"");
    }

    @Test
    void hashTagWrapsTheIdSoAllKeysOfOneEntityShareASlot() {
        assertThat(plain.key("client", "profile").id("123").hashTag().build()).isEqualTo("client:profile:{123}");
        assertThat(plain.key("exchange", "rate").id("USD", "EUR").hashTag().build())
                .isEqualTo("exchange:rate:{USD:EUR}");
        assertThat(remit.key("client", "transactions").hashTag().id("123").suffix("recent").build())
                .isEqualTo("remit:client:transactions:{123}:recent");
    }

    @Test
    void explicitHashTagIsItsOwnSegment() {
        assertThat(plain.key("queue", "jobs").hashTag("payments").id("42").build())
                .isEqualTo("queue:jobs:{payments}:42");
    }

    @Test
    void hashTagWithoutIdOrTwiceIsRefused() {
        assertThatThrownBy(() -> plain.key("client", "profile").hashTag().build())
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("no id");
        assertThatIllegalStateException().isThrownBy(() -> plain.key("a", "b").hashTag().hashTag("x"));
    }

    @Test
    void builderIsAnImmutableTemplate() {
        KeyBuilder profile = remit.key("client", "profile").hashTag();
        String first = profile.id("1").build();
        String second = profile.id("2").suffix("v2").build();
        assertThat(first).isEqualTo("remit:client:profile:{1}");
        assertThat(second).isEqualTo("remit:client:profile:{2}:v2");
        assertThat(profile.id("3").build()).isEqualTo("remit:client:profile:{3}");
    }

    @Test
    void globCharactersAreKeptVerbatimInKeys() {
        assertThat(plain.key("client", "profile").id("12*?[x]\\").build()).isEqualTo("client:profile:12*?[x]\\");
    }

    @Test
    void unicodeIdsAreAllowed() {
        assertThat(plain.key("client", "profile").id("Zoë-😀").build()).isEqualTo("client:profile:Zoë-😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "12 3", "12\t3", "12\n3", "\u00a0", "a\u200bb", "a\u0000b", "a\u007fb", "{123}",
            "12}", "a:b"})
    void rejectsBadIds(String bad) {
        assertThatThrownBy(() -> plain.key("client", "profile").id(bad))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("Key part id ")
                .satisfies(e -> assertThat(((InvalidKeyException) e).part()).isEqualTo("id"));
    }

    @Test
    void rejectsNullParts() {
        assertThatThrownBy(() -> plain.key(null, "profile")).isInstanceOf(InvalidKeyException.class)
                .hasMessage("Key part namespace must not be null");
        assertThatThrownBy(() -> plain.key("client", "profile").id((String[]) null))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> plain.key("client", "profile").id("1", null))
                .isInstanceOf(InvalidKeyException.class).hasMessage("Key part id[1] must not be null");
    }

    @Test
    void messageNamesPartPositionAndEscapedValue() {
        assertThatThrownBy(() -> plain.key("client", "profile").id("USD", "E\u0007UR"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Key part id[1] contains control character U+0007 at index 1: \"E\\u0007UR\"");
        assertThatThrownBy(() -> plain.key("client", "pro file"))
                .hasMessage("Key part entity contains whitespace U+0020 at index 3: \"pro file\"");
        assertThatThrownBy(() -> plain.key("client", "profile").suffix("{x"))
                .hasMessageStartingWith("Key part suffix contains '{', which would change the key's cluster hash slot");
        assertThatThrownBy(() -> KeyNaming.withPrefix("re mit"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("Key part prefix contains whitespace");
        assertThatThrownBy(() -> plain.key("a", "b").hashTag("x y"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("Key part hashTag");
        assertThatThrownBy(() -> plain.key("a", "b").sub(""))
                .isInstanceOf(InvalidKeyException.class).hasMessage("Key part sub must not be empty");
    }

    @Test
    void unpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> plain.key("client", "profile").id("a\ud800b"))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("unpaired surrogate U+D800");
    }

    @Test
    void longBadValuesAreCutInTheMessage() {
        String huge = "x".repeat(10_000) + " ";
        assertThatThrownBy(() -> plain.key("client", "profile").id(huge))
                .hasMessageContaining("... (10001 chars)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void keysLongerThanMaxLengthInUtf8BytesAreRefused() {
        KeyNaming small = KeyNaming.builder().maxLength(20).build();
        assertThat(small.key("client", "profile").id("1234").build()).hasSize(19);
        assertThat(small.key("client", "profile").id("12345").build()).hasSize(20);
        assertThatThrownBy(() -> small.key("client", "profile").id("123456").build())
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageStartingWith("Key is 21 bytes, longer than maxLength 20")
                .satisfies(e -> assertThat(((InvalidKeyException) e).part()).isEqualTo("key"));
        // 'é' is two bytes in UTF-8: 19 chars but 20 bytes is fine, 20 chars / 21 bytes is not.
        assertThat(small.key("client", "profile").id("123é").build()).hasSize(19);
        assertThatThrownBy(() -> small.key("client", "profile").id("1234é").build())
                .isInstanceOf(InvalidKeyException.class).hasMessageStartingWith("Key is 21 bytes");
    }

    @Test
    void aTooLongKeyIsReportedByLengthAndNamespaceWithoutItsContent() {
        KeyNaming small = KeyNaming.builder().maxLength(20).build();
        assertThatThrownBy(() -> small.key("client", "profile").id("alice-smith").build())
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("26 bytes").hasMessageContaining("namespace client")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice").doesNotContain("profile:"));
    }

    @Test
    void defaultMaxLengthIs512() {
        assertThat(KeyNaming.DEFAULT.maxLength()).isEqualTo(512);
        String id = "x".repeat(512 - "a:b:".length());
        assertThat(plain.key("a", "b").id(id).build()).hasSize(512);
        assertThatThrownBy(() -> plain.key("a", "b").id(id + "x").build()).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void invalidNamingConfigIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeyNaming.builder().maxLength(0).build())
                .withMessage("maxLength must be >= 1, but was 0");
        assertThatThrownBy(() -> KeyNaming.withPrefix(":")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> KeyNaming.withPrefix("remit::eu")).isInstanceOf(InvalidKeyException.class)
                .hasMessage("Key part prefix[1] must not be empty");
    }

    @Test
    void buildRefusesTheWildcard() {
        assertThatThrownBy(() -> plain.key("client", "profile").anyId().build())
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("use pattern()");
    }
}
