package com.globalremit.redis.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a real Redis deployment once for the annotated test class, flushes it before every test and
 * stops it after the class. Inject {@code RedisURI}, {@code RedisDeployment}, {@code RedisServer},
 * {@code RedisSentinelGroup}, {@code RedisClusterGroup}, {@code RedisClient},
 * {@code StatefulRedisConnection<String, String>}, {@code RedisClusterClient} or
 * {@code StatefulRedisClusterConnection<String, String>} as constructor, lifecycle-method or test
 * parameters, or declare non-final fields of those types (left null) and they are filled in.
 * See {@link RemitRedisExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RemitRedisExtension.class)
public @interface RemitRedis {

    Topology topology() default Topology.STANDALONE;

    /** appendonly yes on every data node. */
    boolean aof() default false;

    /** requirepass on every data node; empty means no password. */
    String password() default "";

    /** TLS with a generated CA; STANDALONE only. */
    boolean tls() default false;

    /** CLUSTER only: number of masters (at least 3 for a real cluster, 1 is allowed). */
    int masters() default 3;

    /** CLUSTER only: replicas per master. */
    int replicasPerMaster() default 0;

    /** ACL users as "name:password:rules", e.g. "app:s3cret:~* &* +@all". */
    String[] aclUsers() default {};
}
