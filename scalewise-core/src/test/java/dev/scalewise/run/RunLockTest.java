package dev.scalewise.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @Test
    void aSecondLockInTheSameProcessIsRefusedUntilTheFirstIsReleased(@TempDir Path dir) throws Exception {
        try (RunLock first = RunLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(RunLock.FILE))).startsWith("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> RunLock.acquire(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by pid " + ProcessHandle.current().pid());
        }
        try (RunLock again = RunLock.acquire(dir)) {
            assertThat(again.tookOverFrom()).isNull();
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsStaleLockIsTakenOverOnceItIsKilled(@TempDir Path dir)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> RunLock.acquire(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("run folder " + dir + " is in use by pid " + p.pid() + " on host ")
                    .hasMessageEndingWith(" (it holds .lock); wait for it to finish or choose another folder");
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        // killed: the operating system released its lock, the file still names it
        assertThat(Files.readString(dir.resolve(RunLock.FILE))).startsWith("pid " + p.pid());
        try (RunLock taken = RunLock.acquire(dir)) {
            assertThat(taken.tookOverFrom()).startsWith("pid " + p.pid() + " on host ");
        }
    }

    @Test
    void uniqueFoldersNeverCollideAndFilesAreReadableByOthers(@TempDir Path tmp) throws Exception {
        Set<Path> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertThat(made.add(RunDirectory.createUnique(tmp, "train-20261201-000000"))).isTrue();
        }
        assertThat(made).contains(tmp.resolve("train-20261201-000000-" + ProcessHandle.current().pid()),
                tmp.resolve("train-20261201-000000-" + ProcessHandle.current().pid() + "-5"));
        Path f = tmp.resolve("x.json");
        AtomicFiles.writeString(f, "{}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }

    @Test
    void aSimulatedCrashLeavesTheTemporaryFileAsAKillWouldAndItIsCleanedLater(@TempDir Path tmp) throws Exception {
        AtomicFiles.crashAtOperation(2);
        try {
            assertThatThrownBy(() -> AtomicFiles.writeString(tmp.resolve("spec.json"), "{}"))
                    .isInstanceOf(AtomicFiles.SimulatedCrash.class).hasMessageContaining("file operation 2 (write .spec.json.");
        } finally {
            AtomicFiles.stopFaultInjection();
        }
        assertThat(tmp.resolve("spec.json")).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .startsWith(".spec.json.").endsWith(".tmp");
        }
        RunDirectory.create(tmp).deleteTemporaryFiles();
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
