package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fresh-machine contract of the README's two commands, checked on the real scripts: CI runs exactly the
 * README's test command and installs nothing itself; the launcher and the test provisioning fail with one line
 * naming the missing piece. (That {@code ./scalewise demo --quick} builds with no {@code mvn} on the PATH takes
 * a Maven download and a build, too slow for the suite: the manual check is in {@code docs/setup.md}.)
 */
class FreshMachineTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Run(int code, List<String> err) {
    }

    /** Runs {@code bash script args} with exactly {@code env} as the environment. */
    static Run bash(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", ROOT.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), err.lines().toList());
    }

    /** A directory of links to the given tools (those that exist in /usr/bin or /bin), to use as the whole PATH. */
    static String pathWith(Path dir, String... tools) throws IOException {
        for (String t : tools) {
            for (String d : new String[] {"/usr/bin/", "/bin/"}) {
                Path target = Path.of(d + t);
                if (Files.isExecutable(target) && !Files.exists(dir.resolve(t))) {
                    Files.createSymbolicLink(dir.resolve(t), target);
                }
            }
        }
        return dir.toString();
    }

    @Test
    void ciRunsTheReadmesTestCommandAndInstallsNothingItself() throws IOException {
        // The same pattern as the team's before-stop hook: the README's first test command.
        Matcher m = Pattern.compile("(\\./scalewise|mvn|\\./mvnw)[^`\\n]*(test|verify)[^`\\n]*")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(m.find()).as("a test command in README.md").isTrue();
        String command = m.group();
        assertThat(command).isEqualTo("./scalewise test");
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ci).contains(command);
        assertThat(String.join("\n", ci)).doesNotContainPattern("\\b(apt-get|apt|dnf|yum|brew|pip3?|curl|wget|mvn|mvnw|install)\\b");
        assertThat(Files.isExecutable(ROOT.resolve(".ci/run"))).isTrue();
        assertThat(Files.isExecutable(ROOT.resolve("mvnw"))).isTrue();
        assertThat(Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")))
                .containsPattern("distributionUrl=https://repo\\.maven\\.apache\\.org/maven2/org/apache/maven/apache-maven/"
                        + "3\\.9\\.\\d+/apache-maven-3\\.9\\.\\d+-bin\\.zip");
    }

    @Test
    void launcherWithoutJavaNamesTheJdkPackageInOneLine(@TempDir Path tmp) throws Exception {
        Run r = bash(Map.of("PATH", pathWith(tmp, "dirname", "uname", "sed"), "HOME", tmp.toString()),
                "scalewise", "--help");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).hasSize(1);
        assertThat(r.err().get(0)).startsWith("scalewise: a JDK 17 is needed and 'java' was not found; install it (")
                .contains("17").endsWith(") or set JAVA_HOME");
    }

    @Test
    void launcherRefusesAnOlderJava(@TempDir Path tmp) throws Exception {
        Path jdk = Files.createDirectories(tmp.resolve("jdk11/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        // `test` checks the version first (running an already built jar checks only that java is there).
        Run r = bash(Map.of("PATH", pathWith(Files.createDirectories(tmp.resolve("bin")), "dirname", "uname", "sed"),
                "JAVA_HOME", jdk.getParent().toString(), "HOME", tmp.toString()),
                "scalewise", "test");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).hasSize(1);
        assertThat(r.err().get(0)).startsWith("scalewise: a JDK 17 is needed and '" + java + "' is version '11.0.22'");
    }

    @Test
    void testProvisioningNamesWhatIsMissingWhenItCannotInstall(@TempDir Path tmp) throws Exception {
        // The script in a repository laid out as usual, with the shared traces beside it.
        Path script = Files.createDirectories(tmp.resolve("repo/scripts")).resolve("provision-tests");
        Files.copy(ROOT.resolve("scripts/provision-tests"), script);
        Path traces = Files.createDirectories(tmp.resolve("shared/traces"));
        // No prometheus and no apt-get on this PATH: nothing can be installed, so it stops at once, in one line.
        String path = pathWith(Files.createDirectories(tmp.resolve("bin")), "dirname", "fc-list", "paste", "sed", "id");
        Run r = bash(Map.of("PATH", path, "HOME", tmp.toString(), "SCALEWISE_CHROMIUM", "/bin/sh"), script.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsExactly("scalewise test: missing: prometheus (Prometheus server for the serve tests); "
                + "install these Debian packages (or your OS's equivalents): prometheus (no apt-get here)");

        Path noChromium = tmp.resolve("no-chromium");
        Run chromium = bash(Map.of("PATH", path, "SCALEWISE_CHROMIUM", noChromium.toString()), script.toString());
        assertThat(chromium.code()).isEqualTo(1);
        assertThat(chromium.err()).containsExactly("scalewise test: missing: SCALEWISE_CHROMIUM=" + noChromium
                + " is not an executable (unset it to use Debian's chromium)");

        Files.delete(traces);
        Run noTraces = bash(Map.of("PATH", path, "SCALEWISE_CHROMIUM", "/bin/sh"), script.toString());
        assertThat(noTraces.code()).isEqualTo(1);
        assertThat(noTraces.err()).containsExactly("scalewise test: missing: the shared traces at " + traces
                + " (the real-trace tests read them there; put the shared folder beside the repository)");
    }
}
