package com.globalremit.redis.autoconfigure.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sessions in Redis behind Spring Session ({@code remit.redis.session.*}). Defaults follow the design document:
 * idle 30 minutes, absolute 8 hours, remember-me 7 days, cookie {@code sid} (HttpOnly, Secure, SameSite=Lax).
 */
@ConfigurationProperties("remit.redis.session")
public class RemitSessionProperties {

    /** Whether remit-redis provides the Spring Session repository (it then takes Spring Session Data Redis's place). */
    private boolean enabled = true;

    /** A session not used for this long ends. */
    private Duration idleTimeout = Duration.ofMinutes(30);

    /** A session ends this long after it was created, however active it is. */
    private Duration absoluteTimeout = Duration.ofHours(8);

    /**
     * Idle timeout and own absolute limit of a session whose login asked to be remembered, counted from that login.
     */
    private Duration rememberMeTimeout = Duration.ofDays(7);

    /**
     * How long Redis keeps an ended session's key past its deadline so that a late request is counted as "expired"
     * (idle or absolute) rather than "unknown". The session is unusable during this time either way.
     */
    private Duration expiryGrace = Duration.ofMinutes(1);

    /**
     * Random bytes per session id from SecureRandom (base64url). Unset: UUID version 4 (122 random bits), as the
     * design document asks.
     */
    private Integer idRandomBytes;

    private final Cookie cookie = new Cookie();

    private final Encryption encryption = new Encryption();

    private final Deserialization deserialization = new Deserialization();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    public Duration getRememberMeTimeout() {
        return rememberMeTimeout;
    }

    public void setRememberMeTimeout(Duration rememberMeTimeout) {
        this.rememberMeTimeout = rememberMeTimeout;
    }

    public Duration getExpiryGrace() {
        return expiryGrace;
    }

    public void setExpiryGrace(Duration expiryGrace) {
        this.expiryGrace = expiryGrace;
    }

    public Integer getIdRandomBytes() {
        return idRandomBytes;
    }

    public void setIdRandomBytes(Integer idRandomBytes) {
        this.idRandomBytes = idRandomBytes;
    }

    public Cookie getCookie() {
        return cookie;
    }

    public Encryption getEncryption() {
        return encryption;
    }

    public Deserialization getDeserialization() {
        return deserialization;
    }

    /** Java deserialization of attribute values: only allow-listed classes are read. */
    public static class Deserialization {

        /**
         * Packages (each with its subpackages) whose classes may be read back from session attributes, on top of
         * the JDK value types and collections, Spring Security's types and the application's own packages (those
         * of its @SpringBootApplication class). E.g. com.example.teller.web. Wildcards are not accepted.
         */
        private List<String> allowedPackages = new ArrayList<>();

        public List<String> getAllowedPackages() {
            return allowedPackages;
        }

        public void setAllowedPackages(List<String> allowedPackages) {
            this.allowedPackages = allowedPackages;
        }
    }

    /** The session cookie. */
    public static class Cookie {

        /** Cookie name. */
        private String name = "sid";

        /** Send the cookie over HTTPS only. Leave on outside development. */
        private boolean secure = true;

        /** Hide the cookie from JavaScript. */
        private boolean httpOnly = true;

        /** SameSite attribute: Lax, Strict or None. */
        private String sameSite = "Lax";

        /** Cookie path. */
        private String path = "/";

        /** Cookie domain; unset means the host that set it. */
        private String domain;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public boolean isSecure() {
            return secure;
        }

        public void setSecure(boolean secure) {
            this.secure = secure;
        }

        public boolean isHttpOnly() {
            return httpOnly;
        }

        public void setHttpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
        }

        public String getSameSite() {
            return sameSite;
        }

        public void setSameSite(String sameSite) {
            this.sameSite = sameSite;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getDomain() {
            return domain;
        }

        public void setDomain(String domain) {
            this.domain = domain;
        }
    }

    /** AES-256-GCM encryption of sensitive session values. */
    public static class Encryption {

        /** Encrypt sensitive session values. When on, at least one key must be configured. */
        private boolean enabled = true;

        /**
         * Keys by key id, each 32 random bytes in base64 (e.g. from the environment variable
         * REMIT_REDIS_SESSION_ENCRYPTION_KEYS_K2025). Keep retired keys here until the sessions they sealed have
         * expired.
         */
        private Map<String, String> keys = new LinkedHashMap<>();

        /** Key id that new values are sealed with; optional when only one key is configured. */
        private String activeKeyId;

        /** Session fields stored encrypted: any of userId, role, branchId, permissions, userAgent, ipAddress. */
        private List<String> sensitiveFields = new ArrayList<>(List.of("ipAddress", "userAgent", "permissions"));

        /**
         * Encrypt every attribute value (Spring Security's context holds the user's authorities, so the default is
         * on). Attribute names stay readable.
         */
        private boolean encryptAttributes = true;

        /**
         * Development only: with no key configured, generate a random one at start-up (sessions do not survive a
         * restart, and instances do not share it). Logged as a warning.
         */
        private boolean generateDevKey;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Map<String, String> getKeys() {
            return keys;
        }

        public void setKeys(Map<String, String> keys) {
            this.keys = keys;
        }

        public String getActiveKeyId() {
            return activeKeyId;
        }

        public void setActiveKeyId(String activeKeyId) {
            this.activeKeyId = activeKeyId;
        }

        public List<String> getSensitiveFields() {
            return sensitiveFields;
        }

        public void setSensitiveFields(List<String> sensitiveFields) {
            this.sensitiveFields = sensitiveFields;
        }

        public boolean isEncryptAttributes() {
            return encryptAttributes;
        }

        public void setEncryptAttributes(boolean encryptAttributes) {
            this.encryptAttributes = encryptAttributes;
        }

        public boolean isGenerateDevKey() {
            return generateDevKey;
        }

        public void setGenerateDevKey(boolean generateDevKey) {
            this.generateDevKey = generateDevKey;
        }

        @Override
        public String toString() {
            // Never print key material.
            return "Encryption[enabled=" + enabled + ", keyIds=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
        }
    }
}
