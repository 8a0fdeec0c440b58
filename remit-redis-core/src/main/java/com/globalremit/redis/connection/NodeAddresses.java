package com.globalremit.redis.connection;

import java.util.Locale;

import io.lettuce.core.RedisURI;

/**
 * Parses the node addresses accepted by {@link RedisConnectionSettings}: {@code redis://} or {@code rediss://}
 * URLs and plain {@code host:port} (IPv6 as {@code [::1]:6379}).
 */
final class NodeAddresses {

    static final int DEFAULT_REDIS_PORT = RedisConnectionSettings.DEFAULT_PORT;
    static final int DEFAULT_SENTINEL_PORT = 26379;

    private NodeAddresses() {
    }

    /**
     * Parses one address into a fresh {@link RedisURI} (RedisURI is mutable, so callers always get their own).
     *
     * @param setting name of the setting, for the error message (e.g. {@code nodes[1]})
     * @param value the address
     * @param defaultPort port used when {@code host} has none
     * @throws IllegalArgumentException naming the setting and the (password-masked) value
     */
    static RedisURI parse(String setting, String value, int defaultPort) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must be a redis:// or rediss:// URL or host:port, but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        String trimmed = value.strip();
        if (trimmed.contains("://")) {
            return parseUrl(setting, trimmed);
        }
        return parseHostPort(setting, trimmed, defaultPort);
    }

    private static RedisURI parseUrl(String setting, String url) {
        String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException(setting + " must use the redis:// or rediss:// scheme, but was '"
                    + mask(url) + "'");
        }
        // Lettuce takes "host:notaport" for a host name and fails only at connect time (a DNS error): check the
        // authority (without user info, so no password reaches the message) the way host:port is checked. The user
        // info is cut at the last '@' before splitting off path and query, so a password holding '/', '?' or '#'
        // never ends up in the "host" shown in the error (as mask() does).
        String rest = url.substring(url.indexOf("://") + 3);
        String authority = rest.substring(rest.lastIndexOf('@') + 1).split("[/?#]", 2)[0];
        if (!authority.isEmpty()) {
            parseHostPort(setting, authority, DEFAULT_REDIS_PORT);
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            // Lettuce's message may echo the URL with its password: do not chain it.
            throw new IllegalArgumentException(setting + " is not a valid Redis URL: '" + mask(url) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(setting + " has no host: '" + mask(url) + "'");
        }
        return uri;
    }

    private static RedisURI parseHostPort(String setting, String value, int defaultPort) {
        String host;
        String portText = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(setting + " has an unclosed IPv6 bracket: '" + value + "'");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(setting + " must be host:port, but was '" + value + "'");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = value.indexOf(':');
            if (colon != value.lastIndexOf(':')) {
                throw new IllegalArgumentException(setting + " must be host:port (write IPv6 as [addr]:port), but was '"
                        + value + "'");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            portText = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(setting + " has an invalid host: '" + value + "'");
        }
        int port = portText == null ? defaultPort : parsePort(setting, value, portText);
        return RedisURI.builder().withHost(host).withPort(port).build();
    }

    private static int parsePort(String setting, String value, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " has an invalid port in '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(setting + " port must be 1..65535, but was " + port + " in '" + value
                    + "'");
        }
        return port;
    }

    /** Hides the user-info part of a URL ({@code redis://user:secret@host} -> {@code redis://****@host}). */
    static String mask(String address) {
        if (address == null) {
            return null;
        }
        int schemeEnd = address.indexOf("://");
        int at = address.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return address;
        }
        return address.substring(0, schemeEnd + 3) + "****" + address.substring(at);
    }
}
