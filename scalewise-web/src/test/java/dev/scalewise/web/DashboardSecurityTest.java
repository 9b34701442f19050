package dev.scalewise.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against web pages of other sites (DNS rebinding, cross-site POSTs), unbounded work, big files and
 * broken run folders; raw HTTP over a socket, so that every header is exactly what a browser or attacker would send.
 */
class DashboardSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIVE = "{\"policies\":[\"static\"],\"steps\":20}";

    @TempDir
    static Path tmp;
    static Path runs;
    static DashboardServer server;

    /** Opens the model of train-q7, throws (as a corrupt model file does, naming its absolute path) for broken-*. */
    static final class BrokenQValues implements QValueSource {
        private final QValueSource ok = new DashboardHttpTest.TinyQValues();

        @Override
        public Optional<Model> open(Path runDir) throws IOException {
            if (runDir.getFileName().toString().startsWith("broken")) {
                throw new IllegalArgumentException(runDir.toAbsolutePath().resolve("model.qtable")
                        + ": checksum mismatch (corrupted)");
            }
            if (runDir.getFileName().toString().startsWith("legacy")) {
                throw new NullPointerException();
            }
            return ok.open(runDir);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        runs = Fixtures.runs(tmp.resolve("runs"));
        for (String bad : List.of("broken-model", "legacy-seed-a")) {
            Path d = Files.createDirectories(runs.resolve(bad));
            Files.writeString(d.resolve("spec.json"), "{}");
        }
        StringBuilder big = new StringBuilder("episode,t\n");
        for (int i = 0; i < 300_000; i++) {
            big.append(i % 7).append(',').append(i).append('\n');
        }
        Files.writeString(runs.resolve("train-q7").resolve("steps.csv"), big);
        server = DashboardServer.start(DashboardConfig.defaults(runs).withQValues(new BrokenQValues()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One raw HTTP/1.1 exchange: the status code and the body. */
    record Reply(int status, String head, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Reply raw(String method, String path, String... headersAndBody) throws IOException {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nConnection: close\r\n");
        String body = null;
        for (String h : headersAndBody) {
            if (h.startsWith("BODY:")) {
                body = h.substring(5);
            } else {
                req.append(h).append("\r\n");
            }
        }
        if (body != null) {
            req.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        req.append("\r\n");
        if (body != null) {
            req.append(body);
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String rest = text.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                rest = unchunk(rest);
            }
            return new Reply(Integer.parseInt(head.split(" ")[1]), head, rest);
        }
    }

    private static String unchunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol).split(";")[0].strip(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(s, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    private static String host() {
        return "Host: 127.0.0.1:" + server.port();
    }

    @Test
    void aForeignHostIsRefusedAndLoopbackNamesAreServed() throws Exception {
        for (String h : List.of("evil.example", "evil.example:" + server.port(), "127.0.0.1.evil.example",
                "localhost.evil.example", "10.0.0.5")) {
            Reply r = raw("GET", "/api/runs", "Host: " + h);
            assertThat(r.status()).as(h).isEqualTo(421);
            assertThat(r.json().get("error").asText()).as(h).contains("is not this dashboard's address")
                    .doesNotContain("train-q7");
            assertThat(raw("GET", "/", "Host: " + h).body()).as(h).doesNotContain("<script");
        }
        for (String h : List.of("127.0.0.1:" + server.port(), "localhost:" + server.port(), "LOCALHOST",
                "[::1]:" + server.port(), "127.0.0.2")) {
            assertThat(raw("GET", "/api/runs", "Host: " + h).status()).as(h).isEqualTo(200);
        }
        assertThat(raw("GET", "/api/runs").status()).as("no Host").isIn(400, 421);
    }

    @Test
    void crossSitePostsAreRefusedAndSameOriginJsonIsAccepted() throws Exception {
        Reply plain = raw("POST", "/api/live", host(), "Content-Type: text/plain", "Origin: https://evil.example",
                "BODY:" + LIVE);
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.json().get("error").asText()).isEqualTo("Content-Type must be application/json, got 'text/plain'");
        Reply form = raw("POST", "/api/live", host(), "Content-Type: application/x-www-form-urlencoded", "BODY:" + LIVE);
        assertThat(form.status()).isEqualTo(415);
        Reply foreign = raw("POST", "/api/live", host(), "Content-Type: application/json", "Origin: https://evil.example",
                "BODY:" + LIVE);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("error").asText()).startsWith("cross-site request refused: Origin 'https://evil.example'");
        assertThat(raw("POST", "/api/live", host(), "Content-Type: application/json", "Origin: null", "BODY:" + LIVE)
                .status()).isEqualTo(403);
        assertThat(raw("POST", "/api/live", host(), "Content-Type: application/json",
                "Origin: http://127.0.0.1:" + (server.port() + 1), "BODY:" + LIVE).status()).isEqualTo(403);
        assertThat(raw("POST", "/api/live", host(), "Content-Type: application/json", "Sec-Fetch-Site: cross-site",
                "BODY:" + LIVE).status()).isEqualTo(403);
        Reply same = raw("POST", "/api/live", host(), "Content-Type: application/json; charset=utf-8",
                "Origin: http://127.0.0.1:" + server.port(), "Sec-Fetch-Site: same-origin", "BODY:" + LIVE);
        assertThat(same.status()).isEqualTo(201);
        assertThat(raw("POST", "/api/live", host(), "Content-Type: application/json", "BODY:" + LIVE).status())
                .as("a tool without Origin").isEqualTo(201);
    }

    @Test
    void overBudgetAndOverlappingLiveComparisonsAreRefused() throws Exception {
        Reply big = raw("POST", "/api/live", host(), "Content-Type: application/json",
                "BODY:{\"policies\":[\"static\",\"static\",\"static\",\"static\",\"static\"],\"steps\":20160}");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.json().get("error").asText()).isEqualTo("steps x policies = 20160 x 5 = 100800 world-steps, more "
                + "than the 80640 one comparison may run; ask for fewer steps or policies");
        server.liveSlots().acquire(DashboardServer.MAX_CONCURRENT_LIVE);
        try {
            Reply busy = raw("POST", "/api/live", host(), "Content-Type: application/json", "BODY:" + LIVE);
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.json().get("error").asText()).contains("live comparisons are already running");
        } finally {
            server.liveSlots().release(DashboardServer.MAX_CONCURRENT_LIVE);
        }
        assertThat(raw("POST", "/api/live", host(), "Content-Type: application/json", "BODY:" + LIVE).status())
                .isEqualTo(201);
    }

    @Test
    void numbersInTheLiveBodyAreTypedStrictly() throws Exception {
        Reply frac = raw("POST", "/api/live", host(), "Content-Type: application/json",
                "BODY:{\"policies\":[\"static\"],\"steps\":1.5}");
        assertThat(frac.status()).isEqualTo(400);
        assertThat(frac.json().get("error").asText()).startsWith("steps has the wrong type: an integer");
        Reply str = raw("POST", "/api/live", host(), "Content-Type: application/json",
                "BODY:{\"policies\":[\"static\"],\"step_seconds\":\"60\"}");
        assertThat(str.status()).isEqualTo(400);
        assertThat(str.json().get("error").asText()).startsWith("step_seconds has the wrong type: a number");
    }

    @Test
    void aBrokenModelOrLegacyRunLeavesTheModelListServingTheOthersWithoutAbsolutePaths() throws Exception {
        Reply r = raw("GET", "/api/agent/models", host());
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.json();
        assertThat(m.get("models")).hasSize(1);
        assertThat(m.get("models").get(0).get("run").asText()).isEqualTo("train-q7");
        assertThat(m.get("unavailable").toString()).contains("broken-model", "legacy-seed-a", "checksum mismatch");
        assertThat(r.body()).doesNotContain(tmp.toString());
        Reply one = raw("GET", "/api/agent/broken-model/decision", host());
        assertThat(one.status()).isEqualTo(422);
        assertThat(one.body()).contains("runs/broken-model/model.qtable: checksum mismatch").doesNotContain(tmp.toString());
    }

    @Test
    void filesAreStreamedWithTheirLengthAndParallelDownloadsAreWhole() throws Exception {
        byte[] expected = Files.readAllBytes(runs.resolve("train-q7").resolve("steps.csv"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> downloads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                downloads.add(pool.submit(() -> raw("GET", "/api/runs/train-q7/files/steps.csv", host())));
            }
            for (Future<Reply> f : downloads) {
                Reply r = f.get();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.head().toLowerCase()).contains("content-length: " + expected.length);
                assertThat(r.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
