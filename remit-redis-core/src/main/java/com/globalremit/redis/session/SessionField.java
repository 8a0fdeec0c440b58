package com.globalremit.redis.session;

import java.util.ArrayList;
import java.util.List;

/** The data fields of a session as the design document names them (lastActivity and expiresAt are metadata). */
public enum SessionField {
    USER_ID("userId"),
    ROLE("role"),
    BRANCH_ID("branchId"),
    PERMISSIONS("permissions"),
    USER_AGENT("userAgent"),
    IP_ADDRESS("ipAddress");

    private final String fieldName;

    SessionField(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The name used in configuration and documents, e.g. {@code ipAddress}. */
    public String fieldName() {
        return fieldName;
    }

    /** The Redis hash field holding it. */
    String hashField() {
        return "f:" + fieldName;
    }

    static SessionField byName(String name) {
        for (SessionField f : values()) {
            if (f.fieldName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SessionField f : values()) {
            names.add(f.fieldName);
        }
        return names;
    }
}
