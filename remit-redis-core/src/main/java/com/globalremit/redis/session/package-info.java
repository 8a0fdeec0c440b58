/**
 * Sessions in Redis: {@link com.globalremit.redis.session.RedisSessionStore} with idle and absolute timeouts,
 * remember-me, AES-GCM encryption of sensitive fields ({@link com.globalremit.redis.session.SessionEncryption})
 * and a per-user index for "log out everywhere". Spring-free.
 */
package com.globalremit.redis.session;
