package com.globalremit.redis.autoconfigure.connection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The queue feature's own Redis; unset, it shares {@code remit.redis.*}. See {@link FeatureConnectionProperties}. */
@ConfigurationProperties("remit.redis.queue.connection")
public class QueueConnectionProperties extends FeatureConnectionProperties {
}
