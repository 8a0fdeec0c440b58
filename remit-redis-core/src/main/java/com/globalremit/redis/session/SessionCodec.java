package com.globalremit.redis.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns session values into the bytes stored in the hash and back: data fields as {@code f:<name>}, attributes
 * as {@code a:<name>}, each sealed by {@link SessionEncryption} (encrypted or tagged plain) and bound to the
 * session id. Every stored value of a session is opened when it is read, so a tampered value anywhere means "no
 * session" rather than an error later, when some request happens to read that value.
 */
final class SessionCodec {

    static final String CREATED = "m:created";
    static final String LAST = "m:last";
    static final String IDLE = "m:idle";
    static final String ABSOLUTE = "m:abs";
    static final String REMEMBER_ME = "m:rm";
    static final String USER_INDEX = "m:uidx";
    static final String ATTRIBUTE_PREFIX = "a:";
    static final String FIELD_PREFIX = "f:";

    private final SessionEncryption encryption;

    SessionCodec(SessionEncryption encryption) {
        this.encryption = encryption;
    }

    byte[] encodeField(String id, SessionField field, Object value) {
        byte[] plain = field == SessionField.PERMISSIONS ? encodeList(castList(value))
                : ((String) value).getBytes(StandardCharsets.UTF_8);
        return encryption.seal(id, field.hashField(), plain, encryption.encrypts(field));
    }

    byte[] encodeAttribute(String id, String name, byte[] value) {
        String hashField = ATTRIBUTE_PREFIX + name;
        return encryption.seal(id, hashField, value, encryption.encryptsAttributeValues());
    }

    /** Re-seals a stored data value for another session id (an id change); metadata is copied as is. */
    byte[] reseal(String oldId, String newId, String hashField, byte[] stored) {
        if (hashField.startsWith("m:")) {
            return stored;
        }
        boolean encrypt = mustBeEncrypted(hashField);
        return encryption.seal(newId, hashField, encryption.open(oldId, hashField, stored, encrypt), encrypt);
    }

    /**
     * The session from its stored hash. With {@code changes} (written in the same script as the read), the
     * values they set or remove are taken from them instead of being opened again.
     *
     * @throws SessionDecryptionException when a stored value fails to open or metadata is malformed
     */
    RedisSession decode(String id, long expiresAt, long absolute, Map<String, byte[]> stored,
            SessionChanges changes) {
        Map<SessionField, Object> fields = new EnumMap<>(SessionField.class);
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : stored.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(ATTRIBUTE_PREFIX)) {
                String attribute = name.substring(ATTRIBUTE_PREFIX.length());
                if (changes == null || !changes.changesAttribute(attribute)) {
                    attributes.put(attribute,
                            encryption.open(id, name, e.getValue(), encryption.encryptsAttributeValues()));
                }
            } else if (name.startsWith(FIELD_PREFIX)) {
                SessionField field = SessionField.byName(name.substring(FIELD_PREFIX.length()));
                if (field != null && (changes == null || !changes.fields().containsKey(field))) {
                    byte[] plain = encryption.open(id, name, e.getValue(), encryption.encrypts(field));
                    fields.put(field, field == SessionField.PERMISSIONS ? decodeList(plain)
                            : new String(plain, StandardCharsets.UTF_8));
                }
            }
        }
        if (changes != null) {
            overlay(changes, fields, attributes);
        }
        return new RedisSession(id, (String) fields.get(SessionField.USER_ID), (String) fields.get(SessionField.ROLE),
                (String) fields.get(SessionField.BRANCH_ID), permissionsOf(fields),
                (String) fields.get(SessionField.USER_AGENT), (String) fields.get(SessionField.IP_ADDRESS), attributes,
                instant(stored, CREATED), instant(stored, LAST), Instant.ofEpochMilli(expiresAt),
                Instant.ofEpochMilli(absolute), Duration.ofMillis(number(stored, IDLE)),
                "1".equals(text(stored, REMEMBER_ME)));
    }

    private static void overlay(SessionChanges changes, Map<SessionField, Object> fields,
            Map<String, byte[]> attributes) {
        for (Map.Entry<SessionField, Optional<Object>> e : changes.fields().entrySet()) {
            if (e.getValue().isPresent()) {
                fields.put(e.getKey(), e.getValue().get());
            }
        }
        attributes.putAll(changes.setAttributes());
    }

    @SuppressWarnings("unchecked")
    static List<String> permissionsOf(Map<SessionField, Object> fields) {
        Object value = fields.get(SessionField.PERMISSIONS);
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private boolean mustBeEncrypted(String hashField) {
        if (hashField.startsWith(ATTRIBUTE_PREFIX)) {
            return encryption.encryptsAttributeValues();
        }
        SessionField field = hashField.startsWith(FIELD_PREFIX)
                ? SessionField.byName(hashField.substring(FIELD_PREFIX.length())) : null;
        return field != null && encryption.encrypts(field);
    }

    private static Instant instant(Map<String, byte[]> stored, String field) {
        return Instant.ofEpochMilli(number(stored, field));
    }

    private static long number(Map<String, byte[]> stored, String field) {
        String text = text(stored, field);
        if (text == null) {
            throw new SessionDecryptionException("missing metadata " + field);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new SessionDecryptionException("malformed metadata " + field);
        }
    }

    static String text(Map<String, byte[]> stored, String field) {
        byte[] value = stored.get(field);
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }

    static byte[] encodeList(List<String> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (String v : values) {
                byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static List<String> decodeList(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                throw new SessionDecryptionException("malformed permissions");
            }
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > bytes.length) {
                    throw new SessionDecryptionException("malformed permissions");
                }
                values.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
            }
            return values;
        } catch (IOException e) {
            throw new SessionDecryptionException("malformed permissions");
        }
    }

    /** A flat HGETALL reply as a map; field names are ASCII/UTF-8. */
    static Map<String, byte[]> fieldMap(List<?> flat) {
        Map<String, byte[]> map = new LinkedHashMap<>(flat.size());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (byte[]) flat.get(i + 1));
        }
        return map;
    }
}
