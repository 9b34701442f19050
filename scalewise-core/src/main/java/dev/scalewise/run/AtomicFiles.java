package dev.scalewise.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees half a file: write a temporary sibling, then rename it.
 *
 * <p>Fault injection (tests): {@link #crashAtOperation(int)} makes the calling thread's N-th file operation
 * (creating a temporary file, writing it, renaming, deleting, or a {@link #faultPoint} such as flushing a log)
 * throw {@link SimulatedCrash} instead, leaving the files as a killed process would; no clean-up runs for it.
 */
public final class AtomicFiles {
    private static final ThreadLocal<long[]> FAULT = new ThreadLocal<>();

    private AtomicFiles() {
    }

    /** A simulated kill (an {@link Error}, so that no {@code catch (Exception)} treats it as a failure to handle). */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(long op, String what) {
            super("simulated crash at file operation " + op + " (" + what + ")");
        }
    }

    /**
     * Counts this thread's file operations from now on and crashes at the {@code n}-th (1-based; 0 or less only
     * counts). {@link #operationsSoFar()} reads the count; {@link #stopFaultInjection()} ends it.
     */
    public static void crashAtOperation(long n) {
        FAULT.set(new long[] {n, 0});
    }

    /** The file operations counted on this thread since {@link #crashAtOperation}. */
    public static long operationsSoFar() {
        long[] f = FAULT.get();
        return f == null ? 0 : f[1];
    }

    /** Ends fault injection on this thread. */
    public static void stopFaultInjection() {
        FAULT.remove();
    }

    /** A point where a kill could happen (one counted file operation); {@code what} names it in the crash. */
    public static void faultPoint(String what) {
        long[] f = FAULT.get();
        if (f != null) {
            f[1]++;
            if (f[1] == f[0]) {
                throw new SimulatedCrash(f[1], what);
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically (creating parent folders). */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        faultPoint("create a temporary file for " + target.getFileName());
        Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", TMP_SUFFIX);
        try {
            faultPoint("write " + tmp.getFileName());
            Files.write(tmp, bytes);
            makeReadable(tmp);
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** The suffix of the temporary files {@link #write} renames into place (a kill can leave them behind). */
    public static final String TMP_SUFFIX = ".tmp";

    /** Renames {@code from} to {@code to}, atomically where the file system can. */
    public static void move(Path from, Path to) throws IOException {
        faultPoint("rename " + from.getFileName() + " to " + to.getFileName());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code file} if it exists (a counted file operation). */
    public static boolean delete(Path file) throws IOException {
        faultPoint("delete " + file.getFileName());
        return Files.deleteIfExists(file);
    }

    /**
     * Gives a file the usual permissions of a new file, {@code rw-r--r--} ({@link Files#createTempFile} makes it
     * {@code rw-------}, which would hide run files from other users of a shared machine).
     */
    public static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
