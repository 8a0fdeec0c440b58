package com.globalremit.redis.monitor;

import com.globalremit.redis.test.AclTestMode;

/** Reads a user's rules from docs/operations/users.acl, so the tests run against the documented ACL itself. */
final class AclFileUsers {

    private AclFileUsers() {
    }

    /** The rules of {@code user} without its on/off state and password tokens. */
    static String rules(String user) {
        return AclTestMode.documentedRules(user);
    }
}
