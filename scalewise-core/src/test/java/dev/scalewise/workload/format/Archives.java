package dev.scalewise.workload.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Archives made in memory for the trace readers' tests. */
final class Archives {
    private Archives() {
    }

    /** A bzip2-compressed tar holding one member. */
    static byte[] tbz2(String member, byte[] data) throws IOException {
        return tbz2(new String[] {member}, new byte[][] {data});
    }

    /** A bzip2-compressed tar of ASCII members, given as name, content, name, content, ... */
    static byte[] tbz2(String... namesAndContents) throws IOException {
        String[] names = new String[namesAndContents.length / 2];
        byte[][] data = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            names[i] = namesAndContents[2 * i];
            data[i] = namesAndContents[2 * i + 1].getBytes(StandardCharsets.US_ASCII);
        }
        return tbz2(names, data);
    }

    private static byte[] tbz2(String[] names, byte[][] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(bz)) {
            for (int i = 0; i < names.length; i++) {
                TarArchiveEntry e = new TarArchiveEntry(names[i]);
                e.setSize(data[i].length);
                tar.putArchiveEntry(e);
                tar.write(data[i]);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
