package com.globalremit.redis.autoconfigure.session;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import com.globalremit.redis.session.SessionEncryption;
import com.globalremit.redis.session.SessionIdGenerator;
import com.globalremit.redis.session.SessionTimeouts;

/** Turns {@code remit.redis.session.*} into core settings, failing with the property name on bad values. */
final class SessionStoreFactory {

    private static final Logger log = LoggerFactory.getLogger(SessionStoreFactory.class);

    private static final String PREFIX = "remit.redis.session.";

    private SessionStoreFactory() {
    }

    static SessionTimeouts timeouts(RemitSessionProperties p) {
        positive("idle-timeout", p.getIdleTimeout());
        positive("absolute-timeout", p.getAbsoluteTimeout());
        Duration rememberMe = rememberMeTimeout(p);
        if (p.getExpiryGrace() == null || p.getExpiryGrace().isNegative()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "expiry-grace", p.getExpiryGrace(),
                    "must be zero or positive");
        }
        if (p.getIdleTimeout().compareTo(p.getAbsoluteTimeout()) > 0) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "idle-timeout", p.getIdleTimeout(),
                    "must not be longer than remit.redis.session.absolute-timeout (" + p.getAbsoluteTimeout() + ")");
        }
        return new SessionTimeouts(p.getIdleTimeout(), p.getAbsoluteTimeout(), rememberMe, p.getExpiryGrace());
    }

    /**
     * {@code remember-me-timeout}, checked for both its users: the session store (remember-me idle timeout) and the
     * remember-me services (cookie max age, whole seconds, so below 1 s it would be 0).
     */
    static Duration rememberMeTimeout(RemitSessionProperties p) {
        Duration value = p.getRememberMeTimeout();
        if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "remember-me-timeout", value,
                    "must be at least 1s (the remember-me cookie's max age is in whole seconds)");
        }
        return value;
    }

    static SessionIdGenerator idGenerator(RemitSessionProperties p) {
        Integer bytes = p.getIdRandomBytes();
        if (bytes == null) {
            return SessionIdGenerator.uuid();
        }
        if (bytes < 16 || bytes > 96) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "id-random-bytes", bytes,
                    "must be between 16 and 96");
        }
        return SessionIdGenerator.randomBytes(bytes);
    }

    static SessionEncryption encryption(RemitSessionProperties.Encryption e) {
        if (!e.isEnabled()) {
            log.warn("remit.redis.session.encryption.enabled=false: session fields are stored in Redis in plaintext");
            warnUnencryptedAttributes("remit.redis.session.encryption.enabled=false");
            return SessionEncryption.disabled();
        }
        if (!e.isEncryptAttributes()) {
            warnUnencryptedAttributes("remit.redis.session.encryption.encrypt-attributes=false");
        }
        SessionEncryption.Builder builder = SessionEncryption.builder();
        Map<String, String> keys = e.getKeys();
        if (keys.isEmpty()) {
            if (!e.isGenerateDevKey()) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "encryption.keys", "(none)",
                        "session encryption is enabled but no key is configured: set remit.redis.session.encryption"
                                + ".keys.<key-id> to 32 random bytes in base64 (e.g. from the environment variable "
                                + "REMIT_REDIS_SESSION_ENCRYPTION_KEYS_<KEYID>), or for development only "
                                + "remit.redis.session.encryption.generate-dev-key=true");
            }
            log.warn("**********************************************************************************************");
            log.warn("* remit.redis.session.encryption.generate-dev-key=true: using a RANDOM session key made at");
            log.warn("* start-up. Sessions will not survive a restart and are not shared between instances.");
            log.warn("* NEVER use this in production: configure remit.redis.session.encryption.keys instead.");
            log.warn("**********************************************************************************************");
            builder.key("dev-" + Long.toString(System.currentTimeMillis(), 36), SessionEncryption.generateKeyBase64());
        } else {
            for (Map.Entry<String, String> key : keys.entrySet()) {
                String property = PREFIX + "encryption.keys." + key.getKey();
                try {
                    builder.key(key.getKey(), key.getValue() == null ? "" : key.getValue());
                } catch (IllegalArgumentException ex) {
                    // The value is a secret: never echo it.
                    throw new InvalidConfigurationPropertyValueException(property, "(hidden)", ex.getMessage());
                }
            }
            if (e.getActiveKeyId() != null) {
                if (!keys.containsKey(e.getActiveKeyId())) {
                    throw new InvalidConfigurationPropertyValueException(PREFIX + "encryption.active-key-id",
                            e.getActiveKeyId(), "no key with this id in remit.redis.session.encryption.keys "
                                    + keys.keySet());
                }
                builder.activeKey(e.getActiveKeyId());
            } else if (keys.size() > 1) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "encryption.active-key-id", null,
                        "several keys are configured " + keys.keySet() + ": name the one new values use");
            }
        }
        try {
            builder.sensitiveFields(new LinkedHashSet<>(e.getSensitiveFields()));
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "encryption.sensitive-fields",
                    e.getSensitiveFields(), ex.getMessage());
        }
        return builder.encryptAttributes(e.isEncryptAttributes()).build();
    }

    /** The allow-list for attribute deserialization: the defaults, the application's packages, the property. */
    static DeserializationAllowList allowList(RemitSessionProperties p, List<String> applicationPackages) {
        List<String> configured = p.getDeserialization().getAllowedPackages() == null ? List.of()
                : p.getDeserialization().getAllowedPackages();
        try {
            return DeserializationAllowList.withPackages(configured).plusApplicationPackages(applicationPackages);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "deserialization.allowed-packages",
                    configured, ex.getMessage());
        }
    }

    private static void warnUnencryptedAttributes(String setting) {
        log.warn("{}: session attribute values are stored in Redis unencrypted, so anyone who can write to Redis can"
                + " plant values that this application deserializes; only allow-listed classes are read (see"
                + " remit.redis.session.deserialization.allowed-packages)", setting);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.toMillis() < 1) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be at least 1ms");
        }
    }
}
