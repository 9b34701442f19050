package dev.scalewise.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent jobs of a command (charts, the files of a report) on up to one thread per processor and returns
 * their results in the jobs' order, as a loop over them would; the first job's error (in the jobs' order) is thrown,
 * after every job has ended. For jobs that share nothing but what they only read, so that the files they write are
 * the same as written one after the other.
 */
public final class Jobs {
    private Jobs() {
    }

    /**
     * @param threadName names the threads (as a profile shows them)
     * @param what       what the jobs do, for the message when the waiting thread is interrupted
     */
    public static <T> List<T> runAll(String threadName, String what, List<? extends Callable<? extends T>> jobs)
            throws IOException {
        int threads = Math.min(jobs.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            List<T> out = new ArrayList<>();
            for (Callable<? extends T> job : jobs) {
                out.add(call(job));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<? extends T>> futures = new ArrayList<>();
            for (Callable<? extends T> job : jobs) {
                futures.add(pool.submit(job));
            }
            List<T> out = new ArrayList<>();
            Throwable first = null;
            for (Future<? extends T> f : futures) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while " + what, e);
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                    out.add(null);
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> job) throws IOException {
        try {
            return job.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
