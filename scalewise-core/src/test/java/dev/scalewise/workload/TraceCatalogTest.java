package dev.scalewise.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.scalewise.workload.format.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory resolution, name and path resolution, and fetching from a local HTTP server. */
class TraceCatalogTest {
    @TempDir
    Path tmp;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void directoryResolutionOrder() throws IOException {
        Path home = tmp.resolve("home");
        Path work = Files.createDirectories(tmp.resolve("a/repo"));
        assertThat(TraceCatalog.resolveDirectory("/opt/x", Map.of(TraceCatalog.ENV, "/env"), work, home)).isEqualTo(Path.of("/opt/x"));
        assertThat(TraceCatalog.resolveDirectory(null, Map.of(TraceCatalog.ENV, "/env"), work, home)).isEqualTo(Path.of("/env"));
        assertThat(TraceCatalog.resolveDirectory(null, Map.of(), work, home)).isEqualTo(home.resolve(".scalewise/traces"));
        Path shared = Files.createDirectories(tmp.resolve("a/shared/traces"));
        assertThat(TraceCatalog.resolveDirectory(null, Map.of(), work, home)).isEqualTo(shared);
    }

    @Test
    void resolvesPathsWithDetectedFormatsAndReportsMissingOnes() throws IOException {
        Path csv = tmp.resolve("mine.csv");
        Files.writeString(csv, "timestamp,rate\n2024-01-01T00:00:00Z,2\n2024-01-01T00:01:00Z,4\n2024-01-01T00:03:00Z,1\n");
        TraceCatalog catalog = new TraceCatalog(tmp.resolve("none"));
        Trace t = catalog.resolve(csv.toString());
        assertThat(t.name()).isEqualTo("mine");
        assertThat(t.stepSeconds()).isEqualTo(60);
        assertThat(t.rates()).containsExactly(2, 4, 0, 1);
        assertThat(t.gaps()).singleElement().satisfies(g -> assertThat(g.fromStep()).isEqualTo(2));
        Path events = tmp.resolve("events.csv");
        Files.writeString(events, "offset_s,prompt_tokens,output_tokens\n0.1,10,1\n0.9,20,2\n2.5,30,3\n");
        Trace e = catalog.resolve(events.toString());
        assertThat(e.rates()).containsExactly(2, 0, 1);
        assertThat(e.tokens().orElseThrow().promptTokens()).containsExactly(30, 0, 30);
        assertThatThrownBy(() -> catalog.resolve("worldcup98")).hasMessageContaining("traces fetch worldcup98");
        assertThatThrownBy(() -> catalog.resolve("no-such-trace")).hasMessageContaining("unknown trace 'no-such-trace'");
        assertThat(catalog.firstAvailable()).isEmpty();
    }

    @Test
    void infoHasTheCliFields() {
        TraceInfo info = new TraceCatalog(SharedTraces.dir()).info("azure-llm-code-2023", ReadOptions.DEFAULT);
        assertThat(info.toMap()).containsKeys("name", "source", "start", "end", "resolution_s", "points", "total_requests",
                "mean_rate", "peak_rate", "peak_to_mean", "gaps", "mean_prompt_tokens");
        assertThat(info.toMap().get("points")).isEqualTo(info.trace().length());
        assertThat((String) info.toMap().get("source")).contains("Splitwise");
    }

    private String serve(Path root, byte[] overrideBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = overrideBody != null ? overrideBody : Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";
    }

    @Test
    void fetchDownloadsFromAMirrorAndChecksTheChecksum() throws IOException {
        Path mirror = Files.createDirectories(tmp.resolve("www/mirror/azure-llm-inference-2023"));
        Files.copy(SharedTraces.file("azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv"),
                mirror.resolve("AzureLLMInferenceTrace_code.csv"));
        String base = serve(tmp.resolve("www"), null);
        TraceCatalog catalog = new TraceCatalog(tmp.resolve("traces"));
        Path got = catalog.fetch("azure-llm-code-2023", base, false, TraceFetcher.standard());
        assertThat(got).exists().hasSize(320_117);
        assertThat(catalog.resolve("azure-llm-code-2023").totalRequests()).isEqualTo(8_819);
        assertThatThrownBy(() -> catalog.fetch("worldcup98", base, false, TraceFetcher.standard()))
                .hasMessageContaining("HTTP 404");
        assertThat(catalog.isAvailable(TraceCatalog.entry("worldcup98").orElseThrow())).isFalse();
        assertThat(Files.list(tmp.resolve("traces/worldcup98")).count()).isZero();
    }

    @Test
    void fetchDiscardsACorruptedDownload() throws IOException {
        String base = serve(tmp, "not the real file".getBytes());
        TraceCatalog catalog = new TraceCatalog(tmp.resolve("traces"));
        assertThatThrownBy(() -> catalog.fetch("mooncake-conversation", base, true, TraceFetcher.standard()))
                .hasMessageContaining("checksum mismatch").hasMessageContaining("discarded");
        assertThat(catalog.isAvailable(TraceCatalog.entry("mooncake-conversation").orElseThrow())).isFalse();
    }
}
