package dev.scalewise.run;

import java.nio.file.Path;

/** A second process for {@link RunLockTest}: holds a run folder's lock until its standard input closes. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until stdin closes (or the test kills this process)
            }
        }
    }
}
