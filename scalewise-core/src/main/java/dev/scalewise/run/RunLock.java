package dev.scalewise.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a run folder: an operating-system lock ({@link FileChannel#tryLock()}) on the folder's
 * {@code .lock} file, held for the whole run, with the owner's pid and host written in it. A second process (or a
 * second run in the same JVM) is refused with a message naming the owner. A lock left by a killed process is
 * released by the operating system with the process, so the next run simply takes it over (and says so when the
 * file still names another pid). The file itself stays: deleting it would let two processes lock two different
 * files of the same name.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name in the run folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String previousOwner;

    private RunLock(FileChannel channel, FileLock lock, String previousOwner) {
        this.channel = channel;
        this.lock = lock;
        this.previousOwner = previousOwner;
    }

    /**
     * Takes the lock of {@code dir} (which must exist).
     *
     * @throws IllegalStateException when another process or run holds it
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        boolean ours = false;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
            ours = true;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        String owner = ours ? self() + " (another run in this process)" : readOwner(ch);
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("run folder " + dir + " is in use by "
                    + (owner.isEmpty() ? "another process" : owner) + " (it holds " + file.getFileName()
                    + "); wait for it to finish or choose another folder");
        }
        try {
            AtomicFiles.makeReadable(file);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((self() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new RunLock(ch, lock, owner.isEmpty() || owner.equals(self()) ? null : owner);
    }

    /** The owner named by a lock file that this lock took over (its process had ended), or null. */
    public String tookOverFrom() {
        return previousOwner;
    }

    /** "pid N on host H" for this process. */
    static String self() {
        return "pid " + ProcessHandle.current().pid() + " on host " + Host.NAME;
    }

    /** The host name, looked up once. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    private static String readOwner(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 512);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
