package com.globalremit.redis.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for session values: AES-256-GCM with a fresh 96-bit nonce per value and a 128-bit tag.
 *
 * <p>Every encrypted value carries the id of the key that sealed it, so keys can be rotated: configure the new key
 * as active and keep the old one; new writes use the active key, values sealed with the old key still open. Once
 * every session written under the old key has expired (the longest lifetime, e.g. remember-me's 7 days), drop it.
 *
 * <p>The associated data is the session id plus the field name, so a value copied into another session, or into
 * another field of the same session, fails authentication instead of being accepted.
 *
 * <p>Stored form of a value: {@code 0x00 plaintext} when not encrypted, {@code 0x01 keyIdLength keyId nonce(12)
 * ciphertext+tag(16)} when encrypted. When encryption is on, a sensitive value stored in plaintext is refused too
 * (it would let someone with write access to Redis inject values).
 */
public final class SessionEncryption {

    /** The fields the design document's data model marks as personal or security-relevant. */
    public static final Set<String> DEFAULT_SENSITIVE_FIELDS = Set.of(SessionField.IP_ADDRESS.fieldName(),
            SessionField.USER_AGENT.fieldName(), SessionField.PERMISSIONS.fieldName());

    private static final SessionEncryption DISABLED = new SessionEncryption(null, Map.of(), Set.of(), false);

    static final byte PLAIN = 0x00;
    static final byte SEALED = 0x01;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    // Cipher.getInstance searches the security providers on every call, a cost paid per value per request: one
    // Cipher per thread, initialised afresh (key, nonce) for every value, avoids it. A Cipher is not thread-safe,
    // hence per thread rather than shared.
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(SessionEncryption::newGcm);

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final Set<String> sensitiveFields;
    private final boolean encryptAttributes;
    private final SecureRandom random = new SecureRandom();

    private SessionEncryption(String activeKeyId, Map<String, SecretKeySpec> keys, Set<String> sensitiveFields,
            boolean encryptAttributes) {
        this.activeKeyId = activeKeyId;
        this.keys = keys;
        this.sensitiveFields = sensitiveFields;
        this.encryptAttributes = encryptAttributes;
    }

    /** Nothing is encrypted. */
    public static SessionEncryption disabled() {
        return DISABLED;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A random 256-bit key, base64: for development (and for generating a production key once). */
    public static String generateKeyBase64() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public boolean isEnabled() {
        return activeKeyId != null;
    }

    /** Id of the key new values are sealed with; null when disabled. */
    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    public Set<String> sensitiveFields() {
        return sensitiveFields;
    }

    public boolean encryptsAttributes() {
        return encryptAttributes;
    }

    /** Whether the named data field ({@code ipAddress}...) is stored encrypted. */
    boolean encrypts(SessionField field) {
        return isEnabled() && sensitiveFields.contains(field.fieldName());
    }

    boolean encryptsAttributeValues() {
        return isEnabled() && encryptAttributes;
    }

    /** The stored form of {@code plaintext} for hash field {@code hashField} of session {@code sessionId}. */
    byte[] seal(String sessionId, String hashField, byte[] plaintext, boolean encrypt) {
        if (!encrypt) {
            byte[] out = new byte[plaintext.length + 1];
            out[0] = PLAIN;
            System.arraycopy(plaintext, 0, out, 1, plaintext.length);
            return out;
        }
        byte[] kid = activeKeyId.getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(sessionId, hashField));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[2 + kid.length + NONCE_BYTES + sealed.length];
            out[0] = SEALED;
            out[1] = (byte) kid.length;
            System.arraycopy(kid, 0, out, 2, kid.length);
            System.arraycopy(nonce, 0, out, 2 + kid.length, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 2 + kid.length + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /**
     * The plaintext of a stored value.
     *
     * @throws SessionDecryptionException when the value is malformed, sealed with an unknown key, fails
     *         authentication, or is plaintext although it must be encrypted. The message never holds content.
     */
    byte[] open(String sessionId, String hashField, byte[] stored, boolean mustBeEncrypted) {
        if (stored == null || stored.length == 0) {
            throw new SessionDecryptionException("empty value in field " + hashField);
        }
        if (stored[0] == PLAIN) {
            if (mustBeEncrypted) {
                throw new SessionDecryptionException("plaintext value in encrypted field " + hashField);
            }
            return Arrays.copyOfRange(stored, 1, stored.length);
        }
        if (stored[0] != SEALED || stored.length < 2) {
            throw new SessionDecryptionException("unknown value format in field " + hashField);
        }
        int kidLength = stored[1] & 0xff;
        int headerLength = 2 + kidLength + NONCE_BYTES;
        if (stored.length < headerLength + TAG_BITS / 8) {
            throw new SessionDecryptionException("truncated value in field " + hashField);
        }
        String kid = new String(stored, 2, kidLength, StandardCharsets.US_ASCII);
        SecretKeySpec key = keys.get(kid);
        if (key == null) {
            throw new SessionDecryptionException("unknown key id '" + kid + "' in field " + hashField);
        }
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 2 + kidLength, NONCE_BYTES));
            cipher.updateAAD(associatedData(sessionId, hashField));
            return cipher.doFinal(stored, headerLength, stored.length - headerLength);
        } catch (GeneralSecurityException e) {
            // AEADBadTagException: tampered, moved from another session or field, or a wrong key under that id.
            throw new SessionDecryptionException("authentication failed for field " + hashField + " (key id '" + kid
                    + "')");
        }
    }

    private static Cipher newGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    private static byte[] associatedData(String sessionId, String hashField) {
        return (sessionId + '\u0000' + hashField).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Key material never appears here.
        return isEnabled() ? "SessionEncryption[AES-256-GCM, activeKeyId=" + activeKeyId + ", keyIds=" + keys.keySet()
                + ", sensitiveFields=" + sensitiveFields + ", encryptAttributes=" + encryptAttributes + "]"
                : "SessionEncryption[disabled]";
    }

    /** Keys and the fields to encrypt. */
    public static final class Builder {

        private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        private String activeKeyId;
        private Set<String> sensitiveFields = DEFAULT_SENSITIVE_FIELDS;
        private boolean encryptAttributes = true;

        private Builder() {
        }

        /**
         * Adds a 256-bit key under {@code keyId} (1-64 characters of {@code A-Z a-z 0-9 . _ -}). The first key added
         * is the active one unless {@link #activeKey(String)} says otherwise.
         */
        public Builder key(String keyId, byte[] key) {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(key, "key");
            if (!keyId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("key id must be 1-64 characters of A-Z a-z 0-9 . _ -, was '"
                        + keyId + "'");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("key '" + keyId + "' must be 256 bits (32 bytes), was "
                        + key.length + " bytes");
            }
            keys.put(keyId, new SecretKeySpec(key.clone(), "AES"));
            if (activeKeyId == null) {
                activeKeyId = keyId;
            }
            return this;
        }

        /** Adds a key given in base64 (standard or URL-safe alphabet). */
        public Builder key(String keyId, String base64Key) {
            Objects.requireNonNull(base64Key, "key");
            byte[] decoded;
            try {
                String trimmed = base64Key.trim();
                decoded = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
            } catch (IllegalArgumentException e) {
                // The message of the decoder could echo key characters; say only what is wrong.
                throw new IllegalArgumentException("key '" + keyId + "' is not valid base64");
            }
            return key(keyId, decoded);
        }

        /** The key new values are sealed with; must have been added. */
        public Builder activeKey(String keyId) {
            this.activeKeyId = Objects.requireNonNull(keyId, "keyId");
            return this;
        }

        /** Data fields to encrypt, by name ({@code userId role branchId permissions userAgent ipAddress}). */
        public Builder sensitiveFields(Set<String> fieldNames) {
            Set<String> copy = new LinkedHashSet<>();
            for (String name : fieldNames) {
                if (SessionField.byName(name) == null) {
                    throw new IllegalArgumentException("unknown session field '" + name + "'; known: "
                            + SessionField.names());
                }
                copy.add(name);
            }
            this.sensitiveFields = Collections.unmodifiableSet(copy);
            return this;
        }

        /** Whether free attribute values are encrypted too (default true). Attribute names stay readable. */
        public Builder encryptAttributes(boolean encryptAttributes) {
            this.encryptAttributes = encryptAttributes;
            return this;
        }

        public SessionEncryption build() {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("encryption needs at least one key");
            }
            if (!keys.containsKey(activeKeyId)) {
                throw new IllegalArgumentException("active key id '" + activeKeyId + "' is not among the keys "
                        + keys.keySet());
            }
            return new SessionEncryption(activeKeyId, Map.copyOf(keys), sensitiveFields, encryptAttributes);
        }
    }
}
