package dev.scalewise.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobsTest {

    @Test
    void aStartedJobRunsOnItsOwnThreadWhileTheCallerWorks() throws Exception {
        CountDownLatch callerWorked = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        Jobs.Started<Integer> job = Jobs.start("test job", () -> {
            thread.set(Thread.currentThread().getName());
            // finishes only once the caller has gone on: it ran beside it, not when joined
            return callerWorked.await(10, TimeUnit.SECONDS) ? 42 : -1;
        });
        callerWorked.countDown();
        assertThat(job.join("testing")).isEqualTo(42);
        assertThat(thread.get()).isEqualTo("test job");
    }

    @Test
    void aStartedJobsErrorIsThrownByJoinAsRunAllThrowsIt() {
        Jobs.Started<Object> io = Jobs.start("io", () -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(() -> io.join("writing")).isInstanceOf(IOException.class).hasMessage("disk full");
        Jobs.Started<Object> unchecked = Jobs.start("unchecked", () -> {
            throw new UncheckedIOException(new IOException("gone"));
        });
        assertThatThrownBy(() -> unchecked.join("writing")).isInstanceOf(UncheckedIOException.class);
        Jobs.Started<Object> checked = Jobs.start("checked", () -> {
            throw new Exception("other");
        });
        assertThatThrownBy(() -> checked.join("writing")).isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("other");
        // runAll: results in order, the first job's error in the jobs' order
        assertThatThrownBy(() -> Jobs.runAll("t", "testing", List.<Callable<Object>>of(() -> 1, () -> {
            throw new IllegalArgumentException("second");
        }, () -> {
            throw new IllegalArgumentException("third");
        }))).hasMessage("second");
    }

    @Test
    void cancellingInterruptsAStartedJob() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Jobs.Started<Object> job = Jobs.start("sleeper", () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        job.cancel();
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
