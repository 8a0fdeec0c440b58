package com.globalremit.redis.test;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Starts the deployment a {@link RemitRedis} annotation describes. */
final class DeploymentFactory {

    private DeploymentFactory() {
    }

    static RedisDeployment start(RemitRedis settings) {
        return switch (settings.topology()) {
            case STANDALONE -> standalone(settings);
            case SENTINEL -> sentinel(settings);
            case CLUSTER -> cluster(settings);
        };
    }

    private static RedisServer standalone(RemitRedis settings) {
        return withDataNodeOptions(RedisServer.builder().tls(settings.tls()), settings).start();
    }

    private static RedisSentinelGroup sentinel(RemitRedis settings) {
        rejectTls(settings);
        return withDataNodeOptions(RedisSentinelGroup.builder(), settings).start();
    }

    private static RedisClusterGroup cluster(RemitRedis settings) {
        rejectTls(settings);
        RedisClusterGroup.Builder builder = RedisClusterGroup.builder().masters(settings.masters())
                .replicasPerMaster(settings.replicasPerMaster());
        return withDataNodeOptions(builder, settings).start();
    }

    private static <B extends DataNodeOptions<B>> B withDataNodeOptions(B builder, RemitRedis settings) {
        builder.aof(settings.aof());
        if (!settings.password().isEmpty()) {
            builder.password(settings.password());
        }
        for (String user : settings.aclUsers()) {
            String[] parts = aclUser(user);
            builder.aclUser(parts[0], parts[1], parts[2]);
        }
        return builder;
    }

    private static void rejectTls(RemitRedis settings) {
        if (settings.tls()) {
            throw new ExtensionConfigurationException("@RemitRedis(tls = true) is supported for STANDALONE only, not "
                    + settings.topology());
        }
    }

    /** "name:password:rules"; the rules may contain colons, the name and password may not. */
    static String[] aclUser(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
            throw new ExtensionConfigurationException("@RemitRedis(aclUsers) entries must look like "
                    + "\"name:password:rules\", e.g. \"app:s3cret:~* &* +@all\"; got \"" + spec + "\"");
        }
        return parts;
    }
}
