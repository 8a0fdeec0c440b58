package com.globalremit.redis.test;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@link RedisServer.Builder} collected, frozen, so a backend can start (and restart)
 * the same server without referring back to the builder.
 */
record ServerSpec(int port, boolean aof, String password, List<AclUser> aclUsers, boolean tls, Path dataDir,
                  String replicaOfHost, int replicaOfPort, List<Directive> directives, boolean sentinel,
                  java.time.Duration startTimeout) {

    /** An ACL user as written to the {@code user} directive. */
    record AclUser(String name, String password, String rules) {
    }

    /** An extra config directive, written verbatim after ours so it can override them. */
    record Directive(String key, String value) {
    }

    ServerSpec {
        aclUsers = List.copyOf(aclUsers);
        directives = List.copyOf(directives);
    }

    /**
     * How the harness's own control connection authenticates: nothing to a sentinel, the all-rights admin user in
     * {@link AclTestMode}, else the default user's password if there is one.
     */
    List<String> controlAuth() {
        if (sentinel) {
            return List.of();
        }
        if (AclTestMode.enabled()) {
            return AclTestMode.adminAuth();
        }
        return hasPassword() ? List.of(password) : List.of();
    }

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /** Cluster nodes need their bus port (port + 10000) free as well. */
    boolean clusterNode() {
        return directives.stream().anyMatch(d -> d.key().equalsIgnoreCase("cluster-enabled")
                && d.value().trim().equalsIgnoreCase("yes"));
    }
}
