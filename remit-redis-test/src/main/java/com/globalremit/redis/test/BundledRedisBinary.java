package com.globalremit.redis.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Extracts the redis-server binary that the embedded-redis jar ships for this OS and CPU, so tests
 * still run on a machine without a Redis installation.
 */
final class BundledRedisBinary {

    /** A resource that the embedded-redis jar is known to contain; used to find the jar itself. */
    private static final String MARKER = "META-INF/maven/com.github.codemonstur/embedded-redis/pom.properties";

    private static Path extracted;

    private BundledRedisBinary() {
    }

    /** The extracted, executable binary; extracted once per JVM and deleted when the JVM exits. */
    static synchronized Optional<Path> extract() throws IOException {
        if (extracted != null && Files.isExecutable(extracted)) {
            return Optional.of(extracted);
        }
        Optional<String> platform = platformSuffix(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> resource = findResource(platform.get());
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory("remit-redis-bin-");
        Path binary = dir.resolve(resource.get());
        try (InputStream in = BundledRedisBinary.class.getClassLoader().getResourceAsStream(resource.get())) {
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!binary.toFile().setExecutable(true, true)) {
            throw new IOException("cannot make " + binary + " executable");
        }
        // deleteOnExit runs in reverse order of registration: the file goes first, then its directory.
        dir.toFile().deleteOnExit();
        binary.toFile().deleteOnExit();
        extracted = binary;
        return Optional.of(binary);
    }

    /** The suffix embedded-redis uses for a platform, e.g. "linux-amd64"; empty if it ships none for it. */
    static Optional<String> platformSuffix(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "darwin" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> null;
        };
        if (osPart == null || archPart == null) {
            return Optional.empty();
        }
        return Optional.of(osPart + "-" + archPart);
    }

    private static Optional<String> findResource(String platformSuffix) throws IOException {
        ClassLoader loader = BundledRedisBinary.class.getClassLoader();
        for (String known : knownNames(platformSuffix)) {
            if (loader.getResource(known) != null) {
                return Optional.of(known);
            }
        }
        // A newer embedded-redis may ship another version: look inside its jar for any matching name.
        return scanJar(loader, platformSuffix);
    }

    private static List<String> knownNames(String platformSuffix) {
        List<String> names = new ArrayList<>();
        names.add("redis-server-6.2.6-v5-" + platformSuffix);
        names.add("redis-server-6.2.7-" + platformSuffix);
        return names;
    }

    private static Optional<String> scanJar(ClassLoader loader, String platformSuffix) throws IOException {
        Enumeration<URL> markers = loader.getResources(MARKER);
        while (markers.hasMoreElements()) {
            URL url = markers.nextElement();
            if (!"jar".equals(url.getProtocol())) {
                continue;
            }
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = new JarFile(new File(connection.getJarFileURL().getPath()))) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith("redis-server-") && name.endsWith("-" + platformSuffix)) {
                        return Optional.of(name);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
