package com.globalremit.redis.session;

/**
 * Told about what happens to sessions, e.g. to count it in metrics. Called on the caller's thread; keep it cheap
 * and never throw. Receives no session ids or content: there is nothing a listener could leak.
 */
public interface SessionStoreListener {

    SessionStoreListener NONE = new SessionStoreListener() {
    };

    default void created() {
    }

    /** A request came for a session past its deadline (seen within the store's expiry grace). */
    default void expired(ExpiryReason reason) {
    }

    /** {@code count} sessions were ended on purpose (log out, log out everywhere, id change does not count). */
    default void invalidated(int count) {
    }

    /** A stored value failed authentication or named an unknown key: the session was treated as absent. */
    default void decryptionFailed() {
    }

    /** One read-and-touch took {@code nanos}; {@code found} tells whether it returned a session. */
    default void touched(long nanos, boolean found) {
    }
}
