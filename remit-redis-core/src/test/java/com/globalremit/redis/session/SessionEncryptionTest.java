package com.globalremit.redis.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionEncryptionTest {

    private static final byte[] KEY = RedisSessionStoreContract.bytes(32, 1);
    private final SessionEncryption encryption = SessionEncryption.builder().key("k1", KEY).build();
    private final byte[] secret = "203.0.113.77".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedValuesOpenOnlyForTheSameSessionAndField() {
        byte[] sealed = encryption.seal("session-aaaaaaaaaaaa", "f:ipAddress", secret, true);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("203.0.113.77");
        assertThat(encryption.open("session-aaaaaaaaaaaa", "f:ipAddress", sealed, true)).isEqualTo(secret);
        assertThatThrownBy(() -> encryption.open("session-bbbbbbbbbbbb", "f:ipAddress", sealed, true))
                .isInstanceOf(SessionDecryptionException.class).hasMessageNotContaining("203");
        assertThatThrownBy(() -> encryption.open("session-aaaaaaaaaaaa", "f:userAgent", sealed, true))
                .isInstanceOf(SessionDecryptionException.class);
    }

    @Test
    void everySealUsesAFreshNonce() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(Base64.getEncoder().encodeToString(encryption.seal("s-aaaaaaaaaaaaaaaa", "f:x", secret, true)));
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void plaintextInAnEncryptedFieldIsRefused() {
        byte[] plain = encryption.seal("s-aaaaaaaaaaaaaaaa", "f:ipAddress", secret, false);
        assertThat(plain[0]).isEqualTo(SessionEncryption.PLAIN);
        assertThat(encryption.open("s-aaaaaaaaaaaaaaaa", "f:ipAddress", plain, false)).isEqualTo(secret);
        assertThatThrownBy(() -> encryption.open("s-aaaaaaaaaaaaaaaa", "f:ipAddress", plain, true))
                .isInstanceOf(SessionDecryptionException.class);
    }

    @Test
    void truncatedOrForeignValuesAreRefused() {
        byte[] sealed = encryption.seal("s-aaaaaaaaaaaaaaaa", "f:x", secret, true);
        byte[] truncated = java.util.Arrays.copyOf(sealed, 10);
        assertThatThrownBy(() -> encryption.open("s-aaaaaaaaaaaaaaaa", "f:x", truncated, true))
                .isInstanceOf(SessionDecryptionException.class);
        assertThatThrownBy(() -> encryption.open("s-aaaaaaaaaaaaaaaa", "f:x", new byte[] {7, 1, 2}, true))
                .isInstanceOf(SessionDecryptionException.class);
        assertThatThrownBy(() -> encryption.open("s-aaaaaaaaaaaaaaaa", "f:x", new byte[0], true))
                .isInstanceOf(SessionDecryptionException.class);
    }

    @Test
    void keysMustBe256BitsAndNeverAppearInMessages() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionEncryption.builder().key("k", new byte[16]))
                .withMessageContaining("256 bits");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionEncryption.builder().key("k", "not*base64!"))
                .withMessageNotContaining("not*base64!");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionEncryption.builder().key("bad id", KEY));
        assertThatIllegalArgumentException().isThrownBy(() -> SessionEncryption.builder().key("k1", KEY)
                .activeKey("k9").build()).withMessageContaining("k9");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionEncryption.builder().key("k1", KEY)
                .sensitiveFields(Set.of("shoeSize"))).withMessageContaining("shoeSize");
        String key = SessionEncryption.generateKeyBase64();
        SessionEncryption generated = SessionEncryption.builder().key("gen", key).build();
        assertThat(generated.toString()).doesNotContain(key).contains("gen");
    }

    @Test
    void defaultSensitiveFieldsAreTheDocumentsOnes() {
        assertThat(encryption.sensitiveFields()).containsExactlyInAnyOrder("ipAddress", "userAgent", "permissions");
        assertThat(encryption.encrypts(SessionField.IP_ADDRESS)).isTrue();
        assertThat(encryption.encrypts(SessionField.ROLE)).isFalse();
        assertThat(SessionEncryption.disabled().encrypts(SessionField.IP_ADDRESS)).isFalse();
    }

    @Test
    void idsAreUuidV4OrLongerRandomAndHostileIdsAreNotWellFormed() {
        String uuid = SessionIdGenerator.uuid().newId();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(SessionIdGenerator.isWellFormed(uuid)).isTrue();
        assertThat(SessionIdGenerator.randomBytes(32).newId()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(SessionIdGenerator.isWellFormed("abc{tag}defghijklmnop")).isFalse();
        assertThat(SessionIdGenerator.isWellFormed("abc*defghijklmnopqrs")).isFalse();
        assertThat(SessionIdGenerator.isWellFormed("abc:defghijklmnopqrs")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> SessionIdGenerator.randomBytes(8));
    }

    @Test
    void timeoutsRefuseNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionTimeouts.of(java.time.Duration.ZERO,
                java.time.Duration.ofHours(8))).withMessageContaining("idle");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionTimeouts.DEFAULTS
                .withExpiryGrace(java.time.Duration.ofSeconds(-1)));
        assertThat(SessionTimeouts.DEFAULTS.idle()).hasMinutes(30);
        assertThat(SessionTimeouts.DEFAULTS.absolute()).hasHours(8);
        assertThat(SessionTimeouts.DEFAULTS.rememberMe()).hasDays(7);
    }

    @Test
    void permissionsEncodingRoundTripsAndRefusesGarbage() {
        java.util.List<String> values = java.util.List.of("A", "", "ünïcödé", "with\nnewline");
        assertThat(SessionCodec.decodeList(SessionCodec.encodeList(values))).isEqualTo(values);
        assertThatThrownBy(() -> SessionCodec.decodeList(new byte[] {0, 0, 0, 5, 0}))
                .isInstanceOf(SessionDecryptionException.class);
    }
}
