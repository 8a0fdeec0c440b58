package com.globalremit.redis.session;

/**
 * A stored session value could not be opened. Never leaves the store: it turns into "no session" plus a security
 * log line. The message names the field and key id only, never content.
 */
final class SessionDecryptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SessionDecryptionException(String message) {
        super(message, null, false, false);
    }
}
