package dev.scalewise.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for TLS tests, made with the JDK's own {@code keytool} (no openssl, nothing committed):
 * one RSA key pair per name in a PKCS#12 store, then the certificate and the PKCS#8 key written as PEM files
 * {@code NAME.pem} and {@code NAME.key}. The server's certificate names {@code 127.0.0.1} and {@code localhost}.
 */
final class TestCertificates {
    private static final char[] PASS = "changeit".toCharArray();

    private TestCertificates() {
    }

    /** Makes {@code NAME.pem} and {@code NAME.key} in {@code dir} for each name; valid for 2 days. */
    static void make(Path dir, String... names) throws Exception {
        Path store = dir.resolve("test-certs.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (String name : names) {
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASS), "-alias", name, "-dname", "CN=" + name, "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost")
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed for " + name + ": " + log);
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, PASS);
        }
        for (String name : List.of(names)) {
            Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", ks.getKey(name, PASS).getEncoded()));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
