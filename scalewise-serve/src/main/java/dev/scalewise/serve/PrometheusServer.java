package dev.scalewise.serve;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus}) started on a free
 * loopback port with a temporary data folder, scraping loopback targets every {@code scrapeSeconds}: for the tests
 * and the soak, never as a system service.
 */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private PrometheusServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The prometheus binary: {@code $SCALEWISE_PROMETHEUS}, else /usr/bin/prometheus; fails with one line if absent. */
    public static Path binary() {
        String env = System.getenv("SCALEWISE_PROMETHEUS");
        Path p = Path.of(env == null || env.isBlank() ? "/usr/bin/prometheus" : env);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("prometheus not found at " + p
                    + ": install Debian's package (apt-get install -y --no-install-recommends prometheus)");
        }
        return p;
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:PORT/metrics} for each target port; waits until it is ready. */
    public static PrometheusServer start(Path dir, double scrapeSeconds, List<Integer> targetPorts)
            throws IOException, InterruptedException {
        Path bin = binary();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        StringBuilder targets = new StringBuilder();
        for (int p : targetPorts) {
            targets.append(targets.length() == 0 ? "" : ", ").append("'127.0.0.1:").append(p).append("'");
        }
        String interval = Math.max(1, Math.round(scrapeSeconds * 1000)) + "ms";
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: " + interval
                + "\n  evaluation_interval: " + interval + "\nscrape_configs:\n  - job_name: workload\n"
                + "    static_configs:\n      - targets: [" + targets + "]\n");
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile());
        Process process = pb.start();
        PrometheusServer server = new PrometheusServer(process, port, dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("prometheus.log")).lines().reduce((a, b) -> b).orElse(""));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IOException("prometheus did not become ready in 30 s (see " + dir.resolve("prometheus.log") + ")");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
