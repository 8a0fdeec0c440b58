package com.globalremit.redis.test;

import java.util.ArrayList;
import java.util.List;

/** Settings shared by every data node of a group (password, persistence, ACL users, binary). */
final class DataNodeSettings {

    private String password;
    private boolean aof;
    private final List<ServerSpec.AclUser> aclUsers = new ArrayList<>();
    private RedisBinary binary;

    void password(String password) {
        this.password = password;
    }

    String password() {
        return password == null || password.isEmpty() ? null : password;
    }

    void aof(boolean aof) {
        this.aof = aof;
    }

    void aclUser(String name, String password, String rules) {
        aclUsers.add(new ServerSpec.AclUser(name, password, rules));
    }

    void binary(RedisBinary binary) {
        this.binary = binary;
    }

    /** The given binary, or the located one; groups always run local processes. */
    RedisBinary resolveBinary() {
        if (binary == null) {
            binary = RedisBinary.locate();
        }
        return binary;
    }

    /** A server builder with these settings applied and the binary fixed (never a container). */
    RedisServer.Builder newServer() {
        RedisServer.Builder builder = RedisServer.builder().binary(resolveBinary()).aof(aof).password(password);
        for (ServerSpec.AclUser user : aclUsers) {
            builder.aclUser(user.name(), user.password(), user.rules());
        }
        return builder;
    }

    /** A sentinel builder: sentinels carry no data settings. */
    RedisServer.Builder newSentinel() {
        return RedisServer.builder().binary(resolveBinary()).sentinel(true);
    }
}
