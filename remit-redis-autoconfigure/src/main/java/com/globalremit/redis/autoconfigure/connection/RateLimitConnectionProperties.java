package com.globalremit.redis.autoconfigure.connection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The rate-limit feature's own Redis; unset, it shares {@code remit.redis.*}. See {@link FeatureConnectionProperties}. */
@ConfigurationProperties("remit.redis.rate-limit.connection")
public class RateLimitConnectionProperties extends FeatureConnectionProperties {
}
