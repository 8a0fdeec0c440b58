package com.globalremit.redis.autoconfigure.session;

import java.io.ObjectInputFilter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The classes Java deserialization of session attributes may read, as an {@link ObjectInputFilter}. Everything
 * else is refused when its class descriptor is read, before any of its code (a {@code readObject}, a gadget
 * chain) runs.
 *
 * <p>Always allowed: the value types and collections of {@code java.lang}, {@code java.math}, {@code java.time},
 * {@code java.util} and {@code java.util.concurrent} (those packages only, not their other subpackages such as
 * {@code java.lang.reflect}); Spring Security's context, authentication, authority, web (saved request, CSRF
 * token, authentication details), OAuth2 and SAML2 types; Spring MVC's flash map. Arrays of allowed classes and of
 * primitives. Added: the packages given (each with its subpackages), by default the application's own
 * (Spring Boot's auto-configuration packages) plus {@code remit.redis.session.deserialization.allowed-packages}.
 *
 * <p>Limits: nesting depth 100, 100,000 references, and no array longer than the stored value has bytes.
 */
public final class DeserializationAllowList {

    private static final Set<String> PACKAGES = Set.of("java.lang", "java.math", "java.time", "java.time.chrono",
            "java.util", "java.util.concurrent", "java.util.concurrent.atomic");

    private static final List<String> PACKAGE_TREES = List.of("org.springframework.security.core",
            "org.springframework.security.authentication", "org.springframework.security.web",
            "org.springframework.security.oauth2", "org.springframework.security.saml2");

    private static final Set<String> CLASSES = Set.of("sun.util.calendar.ZoneInfo",
            "org.springframework.web.servlet.FlashMap", "org.springframework.util.LinkedMultiValueMap");

    private static final Pattern PACKAGE_NAME = Pattern
            .compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

    private static final int MAX_DEPTH = 100;
    private static final long MAX_REFERENCES = 100_000;

    private final List<String> trees;

    private DeserializationAllowList(List<String> extraTrees) {
        List<String> all = new java.util.ArrayList<>(PACKAGE_TREES);
        all.addAll(extraTrees);
        this.trees = List.copyOf(all);
    }

    /**
     * The default list plus {@code packages}, each with its subpackages.
     *
     * @throws IllegalArgumentException when an entry is not a package name of at least two parts (a wildcard, or
     *         a single part like {@code org} that would let in whole ecosystems, is refused)
     */
    public static DeserializationAllowList withPackages(Collection<String> packages) {
        Set<String> checked = new LinkedHashSet<>();
        for (String p : packages) {
            String name = p == null ? "" : p.trim();
            if (!PACKAGE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a package name of at least two parts, such"
                        + " as com.example.teller (subpackages are included; wildcards are not accepted)");
            }
            checked.add(name);
        }
        return new DeserializationAllowList(List.copyOf(checked));
    }

    /**
     * This list plus the application's own packages (those of {@code @SpringBootApplication}), taken as they are:
     * they are the application's code, not user input, and may be a single part.
     */
    DeserializationAllowList plusApplicationPackages(Collection<String> applicationPackages) {
        List<String> added = new java.util.ArrayList<>(applicationPackages);
        added.addAll(addedPackages());
        return new DeserializationAllowList(added);
    }

    /** The packages added to the default list. */
    public List<String> addedPackages() {
        return trees.subList(PACKAGE_TREES.size(), trees.size());
    }

    /** Whether instances of {@code type} (or, for an array type, of its elements) may be read. */
    public boolean allows(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || CLASSES.contains(c.getName())) {
            return true;
        }
        String pkg = c.getPackageName();
        if (PACKAGES.contains(pkg)) {
            return true;
        }
        for (String tree : trees) {
            if (pkg.equals(tree) || pkg.startsWith(tree) && pkg.charAt(tree.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /**
     * A filter for one value of {@code streamBytes} bytes; the first refused class (or limit) is put in
     * {@code rejected[0]}.
     */
    ObjectInputFilter filter(long streamBytes, String[] rejected) {
        return info -> {
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.arrayLength() > streamBytes) {
                rejected[0] = "a value past the depth, reference or array length limit";
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            if (allows(type)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            rejected[0] = "class " + type.getName();
            return ObjectInputFilter.Status.REJECTED;
        };
    }

    @Override
    public String toString() {
        return "DeserializationAllowList[added=" + addedPackages() + "]";
    }
}
