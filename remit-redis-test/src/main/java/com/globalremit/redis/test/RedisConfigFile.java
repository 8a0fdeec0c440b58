package com.globalremit.redis.test;

import java.nio.file.Path;

/**
 * Renders the redis.conf of one process. Everything a test run depends on is stated explicitly
 * (bind, dir, logfile, persistence), so a stray /etc/redis/redis.conf or a distribution default can
 * never leak in.
 */
final class RedisConfigFile {

    static final String LOG_FILE = "redis.log";

    private RedisConfigFile() {
    }

    static String render(ServerSpec spec, int port, Path dataDir, TlsMaterial tls) {
        StringBuilder conf = new StringBuilder();
        conf.append("# Written by remit-redis-test for a single test run; the directory is deleted on close.\n");
        line(conf, "bind", "127.0.0.1");
        line(conf, "daemonize", "no");
        line(conf, "dir", quote(dataDir.toAbsolutePath().toString()));
        line(conf, "logfile", quote(dataDir.resolve(LOG_FILE).toAbsolutePath().toString()));
        if (spec.sentinel()) {
            line(conf, "port", Integer.toString(port));
        } else {
            dataNode(conf, spec, port, tls);
        }
        for (ServerSpec.Directive directive : spec.directives()) {
            line(conf, directive.key(), directive.value());
        }
        return conf.toString();
    }

    private static void dataNode(StringBuilder conf, ServerSpec spec, int port, TlsMaterial tls) {
        if (tls == null) {
            line(conf, "port", Integer.toString(port));
        } else {
            // TLS only: no plaintext port, so a test cannot pass by accidentally talking plaintext.
            line(conf, "port", "0");
            line(conf, "tls-port", Integer.toString(port));
            line(conf, "tls-cert-file", quote(tls.certificate().toAbsolutePath().toString()));
            line(conf, "tls-key-file", quote(tls.privateKey().toAbsolutePath().toString()));
            line(conf, "tls-ca-cert-file", quote(tls.caCertificate().toAbsolutePath().toString()));
            line(conf, "tls-auth-clients", "no");
            if (spec.replicaOfHost() != null) {
                line(conf, "tls-replication", "yes");
            }
        }
        if (spec.aof()) {
            line(conf, "appendonly", "yes");
        } else {
            line(conf, "save", "\"\"");
            line(conf, "appendonly", "no");
        }
        // Redis 7 defaults to diskless sync with a 5 s delay; replicas in tests should sync at once.
        line(conf, "repl-diskless-sync-delay", "0");
        if (AclTestMode.enabled()) {
            aclTestUsers(conf, spec);
        } else if (spec.hasPassword()) {
            line(conf, "requirepass", quote(spec.password()));
            // Replicas and cluster replicas authenticate to their primary with the same password.
            line(conf, "masterauth", quote(spec.password()));
        }
        for (ServerSpec.AclUser user : spec.aclUsers()) {
            line(conf, "user", user.name() + " on " + quote(">" + user.password()) + " " + user.rules());
        }
        if (spec.replicaOfHost() != null) {
            line(conf, "replicaof", spec.replicaOfHost() + " " + spec.replicaOfPort());
        }
    }

    /** The documented app user, the default user with the same rules, and the harness's admin (see AclTestMode). */
    private static void aclTestUsers(StringBuilder conf, ServerSpec spec) {
        for (String user : AclTestMode.userDirectives(spec.password())) {
            line(conf, "user", user);
        }
        // Replicas (also cluster replicas) sync as the admin: the app user has no SYNC/PSYNC.
        line(conf, "masteruser", AclTestMode.ADMIN_USER);
        line(conf, "masterauth", quote(AclTestMode.adminPassword()));
    }

    private static void line(StringBuilder conf, String key, String value) {
        conf.append(key).append(' ').append(value).append('\n');
    }

    /** Quotes a value the way redis.conf's argument splitter expects. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
