package dev.scalewise.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The application jars a cluster's executors need beside Spark: this module and its runtime dependencies, whose file
 * names the build writes to {@code cluster-jars.txt} ({@code maven-dependency-plugin:build-classpath}, Spark being
 * {@code provided}), found on the driver's class path (the launcher's {@code -jar} manifest {@code Class-Path}
 * included). A class folder (a build run from the reactor or an IDE) is packed into a temporary jar. Spark ships
 * them to every executor ({@code spark.jars}); Spark's own jars are never shipped, the cluster brings them.
 */
final class ClusterJars {
    private ClusterJars() {
    }

    /** The jars to ship, as paths (absolute), from the class path {@code classPath}. */
    static List<String> find(String classPath) {
        Set<String> wanted = new HashSet<>();
        try (InputStream in = ClusterJars.class.getResourceAsStream("cluster-jars.txt")) {
            if (in == null) {
                throw new IllegalStateException("cluster-jars.txt is missing from scalewise-spark's jar (a broken build)");
            }
            for (String e : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(",")) {
                if (!e.isBlank()) {
                    wanted.add(Path.of(e.trim()).getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> jars = new LinkedHashSet<>();
        for (Path entry : expand(classPath)) {
            String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
            if (Files.isDirectory(entry)) {
                // a module's compiled classes (target/classes): ship them packed; test classes are not needed
                if (name.equals("classes") && Files.exists(entry.resolve("dev/scalewise"))) {
                    jars.add(pack(entry).toString());
                }
            } else if (wanted.contains(name) || name.startsWith("scalewise-spark")) {
                jars.add(entry.toAbsolutePath().normalize().toString());
            }
        }
        return List.copyOf(jars);
    }

    /** The class path's entries, with the manifest {@code Class-Path} of each jar (how {@code java -jar} runs). */
    static List<Path> expand(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath().normalize();
            out.add(p);
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    String cp = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (cp != null) {
                        for (String rel : cp.trim().split("\\s+")) {
                            out.add(p.getParent().resolve(rel).normalize());
                        }
                    }
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot read class path jar " + p, ex);
                }
            }
        }
        return out;
    }

    /** Packs a class folder into a temporary jar (deleted on exit). */
    private static Path pack(Path dir) {
        try {
            Path jar = Files.createTempFile("scalewise-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                 Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + dir + " into a jar for the cluster", e);
        }
    }
}
