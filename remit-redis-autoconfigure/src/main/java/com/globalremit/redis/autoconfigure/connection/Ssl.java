package com.globalremit.redis.autoconfigure.connection;

/** TLS of a connection ({@code remit.redis.ssl.*}, {@code remit.redis.<feature>.connection.ssl.*}). */
public class Ssl {

    /** Use TLS for every node (also implied by a rediss:// url or by a bundle). */
    private boolean enabled;

    /**
     * Name of a Spring Boot SSL bundle (spring.ssl.bundle.pem.NAME.* or spring.ssl.bundle.jks.NAME.*) holding the CA
     * to trust and, for mutual TLS, the client key; turns TLS on.
     */
    private String bundle;

    /** Whether TLS is on, by flag or by bundle. */
    boolean isOn() {
        return enabled || bundle != null;
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getBundle() { return bundle; }
    public void setBundle(String bundle) { this.bundle = bundle; }
}
