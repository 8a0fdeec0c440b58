package com.globalremit.redis.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The data fields of a session as the design document names them (lastActivity and expiresAt are metadata). */
public enum SessionField {
    USER_ID("userId"),
    ROLE("role"),
    BRANCH_ID("branchId"),
    PERMISSIONS("permissions"),
    USER_AGENT("userAgent"),
    IP_ADDRESS("ipAddress");

    // Built once: both are looked up for every stored field of every session read.
    private static final Map<String, SessionField> BY_NAME = byName(values());

    private final String fieldName;
    private final String hashField;

    SessionField(String fieldName) {
        this.fieldName = fieldName;
        this.hashField = "f:" + fieldName;
    }

    /** The name used in configuration and documents, e.g. {@code ipAddress}. */
    public String fieldName() {
        return fieldName;
    }

    /** The Redis hash field holding it. */
    String hashField() {
        return hashField;
    }

    static SessionField byName(String name) {
        return BY_NAME.get(name);
    }

    private static Map<String, SessionField> byName(SessionField[] fields) {
        Map<String, SessionField> map = new HashMap<>();
        for (SessionField f : fields) {
            map.put(f.fieldName, f);
        }
        return Map.copyOf(map);
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SessionField f : values()) {
            names.add(f.fieldName);
        }
        return names;
    }
}
