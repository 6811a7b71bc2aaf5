package dev.concord.checkpoints.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one array in NumPy's {@code .npy} format version 1.0: the magic {@code \x93NUMPY}, version
 * bytes {@code 1 0}, a little-endian uint16 header length, then an ASCII Python dict
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and
 * ended by {@code \n} so that the data starts at a multiple of 64 bytes, then the elements,
 * little-endian, in C order. The output depends only on the array, never on time or platform.
 */
public final class NpyWriter {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private NpyWriter() {
    }

    /** The complete {@code .npy} bytes of {@code array}. */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(array, out);
        return out.toByteArray();
    }

    /** Writes {@code array} to {@code out} (not closed). */
    public static void write(NpyArray array, OutputStream out) {
        try {
            out.write(header(array));
            writeData(array.data(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write .npy data: " + e.getMessage(), e);
        }
    }

    static byte[] header(NpyArray array) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype().descr())
                .append("', 'fortran_order': False, 'shape': (");
        long[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
        }
        dict.append("), }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        dict.append(" ".repeat(pad)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("npy header of " + text.length + " bytes exceeds version 1.0's 65535");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private static void writeData(Object data, OutputStream out) throws IOException {
        if (data instanceof byte[]) {
            out.write((byte[]) data);
            return;
        }
        int n = java.lang.reflect.Array.getLength(data);
        int size = NpyDtype.of(data).size();
        ByteBuffer chunk = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (chunk.remaining() < size) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            if (data instanceof double[]) {
                chunk.putDouble(((double[]) data)[i]);
            } else if (data instanceof long[]) {
                chunk.putLong(((long[]) data)[i]);
            } else {
                chunk.putInt(((int[]) data)[i]);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }
}
