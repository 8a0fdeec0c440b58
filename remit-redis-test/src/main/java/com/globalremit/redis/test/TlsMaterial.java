package com.globalremit.redis.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate signed by it, valid for localhost and
 * 127.0.0.1, written as the PEM files redis-server wants. Generated with the JDK's keytool (always
 * present where this code runs, unlike openssl) and converted to PEM in Java; the private key is
 * written as PKCS#8 ("BEGIN PRIVATE KEY"), which both OpenSSL 1.1 and 3 read.
 */
final class TlsMaterial {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path caCertificate;
    private final Path certificate;
    private final Path privateKey;

    private TlsMaterial(Path caCertificate, Path certificate, Path privateKey) {
        this.caCertificate = caCertificate;
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    Path caCertificate() {
        return caCertificate;
    }

    Path certificate() {
        return certificate;
    }

    Path privateKey() {
        return privateKey;
    }

    /** Where {@link #generate} puts the CA certificate, so owners can find it without keeping this object. */
    static Path caCertificateIn(Path dir) {
        return dir.resolve("ca.crt");
    }

    static TlsMaterial generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        String password = UUID.randomUUID().toString();
        Path caStore = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        // The two key pairs are independent: generate them concurrently to halve the JVM start-up cost.
        Process ca = keytool(dir, "ca-genkey.log", "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=remit-redis-test CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                "-validity", "7", "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        Process server = keytool(dir, "server-genkey.log", "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-validity", "7",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        awaitSuccess(ca, dir.resolve("ca-genkey.log"));
        awaitSuccess(server, dir.resolve("server-genkey.log"));

        Path certificate = dir.resolve("server.crt");
        signServerCertificate(dir, caStore, serverStore, password, certificate);

        Path caCertificate = caCertificateIn(dir);
        Path privateKey = dir.resolve("server.key");
        try {
            KeyStore caKeys = load(caStore, password);
            KeyStore serverKeys = load(serverStore, password);
            writePem(caCertificate, "CERTIFICATE", caKeys.getCertificate("ca").getEncoded());
            Key key = serverKeys.getKey("server", password.toCharArray());
            writePem(privateKey, "PRIVATE KEY", key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot convert the generated key stores to PEM", e);
        }
        Files.deleteIfExists(caStore);
        Files.deleteIfExists(serverStore);
        return new TlsMaterial(caCertificate, certificate, privateKey);
    }

    /** keytool -certreq | keytool -gencert, run as one pipeline so the CSR never needs a file. */
    private static void signServerCertificate(Path dir, Path caStore, Path serverStore, String password,
                                              Path certificate) throws IOException {
        ProcessBuilder request = keytoolBuilder("-certreq", "-alias", "server", "-keystore", serverStore.toString(),
                "-storepass", password);
        ProcessBuilder sign = keytoolBuilder("-gencert", "-alias", "ca", "-keystore", caStore.toString(),
                "-storepass", password, "-rfc", "-validity", "7",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", "EKU=serverAuth,clientAuth", "-outfile", certificate.toString());
        request.redirectError(dir.resolve("certreq.log").toFile());
        sign.redirectErrorStream(true).redirectOutput(dir.resolve("gencert.log").toFile());
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(request, sign));
        awaitSuccess(pipeline.get(0), dir.resolve("certreq.log"));
        awaitSuccess(pipeline.get(1), dir.resolve("gencert.log"));
    }

    private static Process keytool(Path dir, String log, String... args) throws IOException {
        return keytoolBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private static ProcessBuilder keytoolBuilder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool is a short-lived JVM: skip the optimising compiler to start faster.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        command.add("-noprompt");
        return new ProcessBuilder(command);
    }

    private static void awaitSuccess(Process process, Path log) throws IOException {
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating TLS certificates", e);
        }
        if (process.exitValue() != 0) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            throw new IOException("keytool failed with exit code " + process.exitValue() + ": " + output);
        }
    }

    private static KeyStore load(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password.toCharArray());
        }
        return keyStore;
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
