package com.globalremit.redis.autoconfigure.connection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The session feature's own Redis; unset, it shares {@code remit.redis.*}. See {@link FeatureConnectionProperties}. */
@ConfigurationProperties("remit.redis.session.connection")
public class SessionConnectionProperties extends FeatureConnectionProperties {
}
