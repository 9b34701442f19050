package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `dashboard` starts a server on 127.0.0.1 and a free port, prints its URL, and serves the runs directory. */
class DashboardCommandTest {

    @Test
    void startsOnLoopbackAndAFreePort(@TempDir Path runs) throws Exception {
        DashboardCommand cmd = new DashboardCommand();
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        Thread t = new Thread(() -> cl.execute("--runs-dir", runs.toString()));
        t.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (cmd.server == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        try {
            assertThat(cmd.server).isNotNull();
            assertThat(cmd.server.host()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cmd.server.url() + "api/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"runs\":[]");
        } finally {
            cmd.stop.countDown();
            t.join(10_000);
        }
        assertThat(out.toString()).contains("http://127.0.0.1:");
    }

    @Test
    void isRegistered() {
        assertThat(Main.newCommandLine().getSubcommands()).containsKey("dashboard");
    }
}
