package com.globalremit.redis.cache;

import java.nio.charset.StandardCharsets;

/**
 * What travels on the invalidation channel: {@code K\n<type>\n<redis key>\n<group>} for one entry,
 * {@code G\n\n\n<group>} for an entity group, {@code C\n<type>} to clear a type. Key parts cannot contain control
 * characters, so the newline separator is unambiguous. Nothing but key names: no values, no personal data.
 */
record InvalidationMessage(char kind, String type, String redisKey, String group) {

    static InvalidationMessage key(String type, String redisKey, String group) {
        return new InvalidationMessage('K', type, redisKey, group);
    }

    static InvalidationMessage group(String group) {
        return new InvalidationMessage('G', "", "", group);
    }

    static InvalidationMessage clear(String type) {
        return new InvalidationMessage('C', type, "", "");
    }

    String encode() {
        return kind + "\n" + type + "\n" + redisKey + "\n" + group;
    }

    /** The message, or {@code null} when it is not one of ours (a foreign publisher on the channel). */
    static InvalidationMessage decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4 || parts[0].length() != 1 || "KGC".indexOf(parts[0].charAt(0)) < 0) {
            return null;
        }
        return new InvalidationMessage(parts[0].charAt(0), parts[1], parts[2], parts[3]);
    }
}
