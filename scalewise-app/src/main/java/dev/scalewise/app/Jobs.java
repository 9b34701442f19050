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
            if (first != null) {
                throw rethrown(first);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts {@code job} on a thread of its own now, for a caller that does other work meanwhile and then
     * {@link Started#join}s it (the demo explains its agent while the policies are compared).
     */
    public static <T> Started<T> start(String threadName, Callable<T> job) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(job);
        Thread t = new Thread(task, threadName);
        t.setDaemon(true);
        t.start();
        return new Started<>(task);
    }

    /** A job {@link #start}ed on its own thread. */
    public static final class Started<T> {
        private final java.util.concurrent.FutureTask<T> task;

        private Started(java.util.concurrent.FutureTask<T> task) {
            this.task = task;
        }

        /**
         * Waits for the job and returns its result, or throws its error as {@link #runAll} does.
         *
         * @param what what the job does, for the message when the waiting thread is interrupted
         */
        public T join(String what) throws IOException {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + what, e);
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            }
        }

        /** Interrupts the job (for a caller that failed and will not join it). */
        public void cancel() {
            task.cancel(true);
        }
    }

    /**
     * A job's failure as its caller throws it: an {@link IOException} or unchecked exception as it is, an {@link Error}
     * thrown here, anything else wrapped in an {@link IllegalStateException}.
     */
    private static IOException rethrown(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(cause);
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
