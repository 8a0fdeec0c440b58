package com.globalremit.redis.key;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One key of the {@link KeyNaming} convention, assembled part by part. Immutable: every method returns a new
 * builder, so a partly filled builder is a reusable, thread-safe template:
 *
 * <pre>{@code
 * KeyBuilder profile = naming.key("client", "profile").hashTag();
 * String key = profile.id(clientId).build();                 // remit:client:profile:{123}
 * String all = naming.key("client", "profile").anyId().pattern();   // remit:client:profile:*
 * }</pre>
 *
 * <p>Parts are laid out as {@code [prefix:]namespace:entity[:{tag}][:id...][:sub][:suffix]} whatever the order
 * of the calls. Every part is validated when it is given: empty parts, whitespace, control and invisible
 * characters, braces and the separator are refused with an {@link InvalidKeyException} naming the part.
 * Characters that are special in globs ({@code * ? [ ] \}) are allowed in parts: {@link #build()} keeps them,
 * {@link #pattern()} escapes them.
 */
public final class KeyBuilder {

    private enum TagMode { NONE, IDS, EXPLICIT }

    private final KeyNaming naming;
    private final String namespace;
    private final String entity;
    private final List<String> ids;
    private final String sub;
    private final String suffix;
    private final TagMode tagMode;
    private final String tag;

    KeyBuilder(KeyNaming naming, String namespace, String entity) {
        this(naming, check("namespace", namespace, naming), check("entity", entity, naming), List.of(), null, null,
                TagMode.NONE, null);
    }

    private KeyBuilder(KeyNaming naming, String namespace, String entity, List<String> ids, String sub,
            String suffix, TagMode tagMode, String tag) {
        this.naming = naming;
        this.namespace = namespace;
        this.entity = entity;
        this.ids = ids;
        this.sub = sub;
        this.suffix = suffix;
        this.tagMode = tagMode;
        this.tag = tag;
    }

    /**
     * Sets the id part(s), replacing earlier ones: {@code id("123")}, or {@code id("USD", "EUR")} for a composite
     * id. {@link KeyPatterns#ANY} is accepted for patterns.
     */
    public KeyBuilder id(String... idParts) {
        if (idParts == null || idParts.length == 0) {
            throw new InvalidKeyException("id", "Key part id needs at least one value");
        }
        List<String> checked = new ArrayList<>(idParts.length);
        for (int i = 0; i < idParts.length; i++) {
            checked.add(check(idParts.length == 1 ? "id" : "id[" + i + "]", idParts[i], naming));
        }
        return new KeyBuilder(naming, namespace, entity, Collections.unmodifiableList(checked), sub, suffix, tagMode,
                tag);
    }

    /** For patterns: any id ({@code *}). */
    public KeyBuilder anyId() {
        return id(KeyPatterns.ANY);
    }

    /** Sets the sub-entity, e.g. {@code transactions} in {@code client:account:123:transactions:recent}. */
    public KeyBuilder sub(String subEntity) {
        return new KeyBuilder(naming, namespace, entity, ids, check("sub", subEntity, naming), suffix, tagMode, tag);
    }

    /** Sets the trailing suffix, e.g. {@code recent}. */
    public KeyBuilder suffix(String suffix) {
        return new KeyBuilder(naming, namespace, entity, ids, sub, check("suffix", suffix, naming), tagMode, tag);
    }

    /** For patterns: anything after the parts given so far ({@code ...:*}). */
    public KeyBuilder anySuffix() {
        return suffix(KeyPatterns.ANY);
    }

    /**
     * Wraps the id part(s) in a cluster hash tag, {@code client:profile:{123}}: every key of the entity with this
     * id, under any sub-entity or suffix, lands on the same hash slot, so one Lua script or transaction may use
     * them together on Redis Cluster.
     */
    public KeyBuilder hashTag() {
        requireNoTag();
        return new KeyBuilder(naming, namespace, entity, ids, sub, suffix, TagMode.IDS, null);
    }

    /**
     * Adds an explicit hash tag segment after the entity, {@code queue:jobs:{payments}:42}: keys sharing the tag
     * share a hash slot even when their ids differ.
     */
    public KeyBuilder hashTag(String tag) {
        requireNoTag();
        return new KeyBuilder(naming, namespace, entity, ids, sub, suffix, TagMode.EXPLICIT,
                check("hashTag", tag, naming));
    }

    /**
     * The key.
     *
     * @throws InvalidKeyException when a part is {@link KeyPatterns#ANY}, {@link #hashTag()} has no id to wrap, or
     *         the key is longer than {@link KeyNaming#maxLength()} UTF-8 bytes
     */
    public String build() {
        String key = render(part -> {
            if (KeyPatterns.isAny(part)) {
                throw new InvalidKeyException("key", "A key cannot contain the wildcard KeyPatterns.ANY;"
                        + " use pattern() for a SCAN/PSUBSCRIBE pattern");
            }
            return part;
        });
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > naming.maxLength()) {
            // Length and namespace only: the key holds the id, which may be personal data (a name, an e-mail).
            throw new InvalidKeyException("key", "Key is " + bytes + " bytes, longer than maxLength "
                    + naming.maxLength() + " (namespace " + namespace + ")");
        }
        return key;
    }

    /**
     * A Redis glob matching the keys this builder describes: literal parts are escaped with
     * {@link KeyPatterns#escapeGlob(String)}, {@link KeyPatterns#ANY} parts become {@code *}. Not length-checked:
     * escaping legitimately makes a pattern longer than the keys it matches.
     */
    public String pattern() {
        return render(part -> KeyPatterns.isAny(part) ? "*" : KeyPatterns.escapeGlob(part));
    }

    private String render(UnaryOperator<String> part) {
        char sep = naming.separator();
        StringBuilder key = new StringBuilder(64);
        if (!naming.prefix().isEmpty()) {
            key.append(part.apply(naming.prefix())).append(sep);
        }
        key.append(part.apply(namespace)).append(sep).append(part.apply(entity));
        if (tagMode == TagMode.EXPLICIT) {
            key.append(sep).append('{').append(part.apply(tag)).append('}');
        }
        if (!ids.isEmpty()) {
            key.append(sep);
            if (tagMode == TagMode.IDS) {
                key.append('{');
            }
            for (int i = 0; i < ids.size(); i++) {
                if (i > 0) {
                    key.append(sep);
                }
                key.append(part.apply(ids.get(i)));
            }
            if (tagMode == TagMode.IDS) {
                key.append('}');
            }
        } else if (tagMode == TagMode.IDS) {
            throw new InvalidKeyException("hashTag", "hashTag() wraps the id, but no id was given for "
                    + namespace + sep + entity);
        }
        if (sub != null) {
            key.append(sep).append(part.apply(sub));
        }
        if (suffix != null) {
            key.append(sep).append(part.apply(suffix));
        }
        return key.toString();
    }

    private void requireNoTag() {
        if (tagMode != TagMode.NONE) {
            throw new IllegalStateException("A hash tag is already set on this key (" + tagMode
                    + "); use either hashTag() or hashTag(tag), once");
        }
    }

    private static String check(String name, String value, KeyNaming naming) {
        if (KeyPatterns.isAny(value)) {
            return value;
        }
        return KeyParts.requireValid(name, value, naming.separator());
    }

    @Override
    public String toString() {
        try {
            return "KeyBuilder[" + pattern() + "]";
        } catch (InvalidKeyException e) {
            return "KeyBuilder[incomplete: " + e.getMessage() + "]";
        }
    }
}
