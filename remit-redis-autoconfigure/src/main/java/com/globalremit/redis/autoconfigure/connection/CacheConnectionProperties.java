package com.globalremit.redis.autoconfigure.connection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The cache feature's own Redis; unset, it shares {@code remit.redis.*}. See {@link FeatureConnectionProperties}. */
@ConfigurationProperties("remit.redis.cache.connection")
public class CacheConnectionProperties extends FeatureConnectionProperties {
}
