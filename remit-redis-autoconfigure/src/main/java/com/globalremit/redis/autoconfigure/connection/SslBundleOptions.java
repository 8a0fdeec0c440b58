package com.globalremit.redis.autoconfigure.connection;

import io.lettuce.core.SslOptions;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Turns a Spring Boot SSL bundle into Lettuce {@link SslOptions}: the bundle's trust managers decide which CA is
 * trusted, its key managers supply a client certificate for mutual TLS, its options restrict ciphers and protocols.
 * One instance per bundle name, so connections naming the same bundle compare equal and share one client.
 */
final class SslBundleOptions {

    private final ObjectProvider<SslBundles> bundles;
    private final Map<String, SslOptions> byName = new HashMap<>();

    SslBundleOptions(ObjectProvider<SslBundles> bundles) {
        this.bundles = bundles;
    }

    /**
     * @param property the property that named the bundle, for the error message
     * @return the options, or {@code null} when {@code name} is null (TLS, if on, then uses the JDK trust store)
     */
    synchronized SslOptions forBundle(String property, String name) {
        if (name == null) {
            return null;
        }
        SslOptions options = byName.get(name);
        if (options == null) {
            options = toLettuce(property, name, bundle(property, name));
            byName.put(name, options);
        }
        return options;
    }

    private SslBundle bundle(String property, String name) {
        SslBundles registry = bundles.getIfAvailable();
        if (registry == null) {
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "no SslBundles bean: define the bundle under spring.ssl.bundle.pem." + name + ".* (or .jks.)");
        }
        try {
            return registry.getBundle(name);
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "no SSL bundle of that name; define it under spring.ssl.bundle.pem." + name + ".* (or .jks.)");
        }
    }

    private static SslOptions toLettuce(String property, String name, SslBundle bundle) {
        if (bundle.getKey().getAlias() != null) {
            // Lettuce takes a KeyManagerFactory and cannot pick one key by alias.
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "the bundle selects a key alias, which Lettuce cannot use; keep one key in the store instead");
        }
        SslOptions.Builder builder = SslOptions.builder()
                .keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory());
        org.springframework.boot.ssl.SslOptions options = bundle.getOptions();
        if (options.getCiphers() != null) {
            builder.cipherSuites(options.getCiphers());
        }
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        return builder.build();
    }
}
