package dev.concord.checkpoints.npy;

import dev.concord.runtime.FileErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads {@code .npz} archives (stored or deflated entries) and {@code .npy} arrays of the types in
 * {@link NpyDtype}, C order, format versions 1.0 to 3.0. Anything else fails with a message naming
 * the source and what was found.
 */
public final class NpzReader {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpzReader() {
    }

    /** The arrays of {@code file}, by entry name without {@code .npy}, in archive order. */
    public static Map<String, NpyArray> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw FileErrors.cannotRead(file, e);
        }
    }

    /** The arrays of the npz archive in {@code in}; {@code source} names it in errors. */
    public static Map<String, NpyArray> read(InputStream in, String source) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            String name = e.getName();
            if (!name.endsWith(".npy")) {
                throw new IllegalArgumentException(source + ": entry '" + name + "' is not an .npy array");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            zip.transferTo(buf);
            out.put(name.substring(0, name.length() - 4), parseNpy(buf.toByteArray(), source + ":" + name));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": no arrays (not an npz archive?)");
        }
        return Collections.unmodifiableMap(out);
    }

    /** Parses one complete {@code .npy} file; {@code source} names it in errors. */
    public static NpyArray parseNpy(byte[] bytes, String source) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[NpyWriter.MAGIC.length];
        if (bytes.length < 10) {
            throw new IllegalArgumentException(source + ": " + bytes.length + " bytes is too short for .npy");
        }
        b.get(magic);
        if (!Arrays.equals(magic, NpyWriter.MAGIC)) {
            throw new IllegalArgumentException(source + ": missing \\x93NUMPY magic");
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        String header = new String(bytes, b.position(), headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        b.position(b.position() + headerLen);
        NpyDtype type = NpyDtype.ofDescr(group(DESCR, header, source));
        if (type == null) {
            throw new IllegalArgumentException(source + ": unsupported dtype in header " + header.trim());
        }
        if ("True".equals(group(FORTRAN, header, source))) {
            throw new IllegalArgumentException(source + ": Fortran-order arrays are not supported");
        }
        long[] shape = parseShape(group(SHAPE, header, source));
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (b.remaining() != n * type.size()) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape) + " of " + type.descr()
                    + " needs " + n * type.size() + " data bytes, found " + b.remaining());
        }
        return NpyArray.of(readData(b, type, (int) n), shape);
    }

    private static Object readData(ByteBuffer b, NpyDtype type, int n) {
        switch (type) {
            case FLOAT64: {
                double[] d = new double[n];
                b.asDoubleBuffer().get(d);
                return d;
            }
            case INT64: {
                long[] d = new long[n];
                b.asLongBuffer().get(d);
                return d;
            }
            case INT32: {
                int[] d = new int[n];
                b.asIntBuffer().get(d);
                return d;
            }
            default: {
                byte[] d = new byte[n];
                b.get(d);
                return d;
            }
        }
    }

    private static String group(Pattern p, String header, String source) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(source + ": npy header lacks " + p.pattern() + ": " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text) {
        String[] parts = text.split(",");
        int count = 0;
        long[] shape = new long[parts.length];
        for (String p : parts) {
            if (!p.isBlank()) {
                shape[count++] = Long.parseLong(p.trim().replace("L", ""));
            }
        }
        return Arrays.copyOf(shape, count);
    }
}
