package dev.concord.runtime.tcp;

import dev.concord.runtime.ElementType;
import java.nio.ByteBuffer;

/**
 * Layout of a frame on a peer connection (little-endian):
 *
 * <pre>
 *   0      1      2      4        8                16               24
 *   +------+------+------+--------+----------------+----------------+----------------------+
 *   | type | elem | 'CD' | tag    | seq            | payload bytes  | payload, zero-padded |
 *   +------+------+------+--------+----------------+----------------+ to a multiple of 8   |
 * </pre>
 *
 * Every frame starts 8-aligned in the stream, so typed payloads can be copied with bulk views.
 * <ul>
 *   <li>EAGER: a whole message (tag, elem, payload).</li>
 *   <li>RTS: announces a rendezvous message of {@code payload bytes} (no payload follows);
 *       {@code seq} names it.</li>
 *   <li>CTS: the receiver has matched message {@code seq}; send it.</li>
 *   <li>DATA: the payload of rendezvous message {@code seq}.</li>
 *   <li>HEARTBEAT: nothing; proves the sender is alive.</li>
 *   <li>ABORT: rank {@code tag} is gone; payload is the UTF-8 reason.</li>
 *   <li>GOODBYE: the sender will send nothing more.</li>
 *   <li>WITHDRAWN: answers a CTS for rendezvous message {@code seq} whose send had timed out and
 *       been withdrawn; the receive that matched it is posted again, as if the message had never
 *       been sent.</li>
 * </ul>
 */
public final class FrameDescriptor {
    public static final int HEADER = 24;
    public static final short MAGIC = 0x4443; // "CD" little-endian

    public static final int EAGER = 1;
    public static final int RTS = 2;
    public static final int CTS = 3;
    public static final int DATA = 4;
    public static final int HEARTBEAT = 5;
    public static final int ABORT = 6;
    public static final int GOODBYE = 7;
    public static final int WITHDRAWN = 8;

    public static final int TYPE_OFFSET = 0;
    public static final int ELEM_OFFSET = 1;
    public static final int MAGIC_OFFSET = 2;
    public static final int TAG_OFFSET = 4;
    public static final int SEQ_OFFSET = 8;
    public static final int LENGTH_OFFSET = 16;

    /** Largest ABORT reason accepted. */
    public static final int MAX_REASON = 64 * 1024;

    private FrameDescriptor() {
    }

    /** Writes a header at {@code at}. */
    public static void put(ByteBuffer b, int at, int type, ElementType elem, int tag, long seq, long length) {
        b.put(at + TYPE_OFFSET, (byte) type);
        b.put(at + ELEM_OFFSET, (byte) (elem == null ? 0 : elem.id()));
        b.putShort(at + MAGIC_OFFSET, MAGIC);
        b.putInt(at + TAG_OFFSET, tag);
        b.putLong(at + SEQ_OFFSET, seq);
        b.putLong(at + LENGTH_OFFSET, length);
    }

    /** Bytes a payload of {@code length} occupies on the wire. */
    public static long padded(long length) {
        return (length + 7) & ~7L;
    }

    /**
     * Why the header at {@code at} is malformed, or null if it is well formed. Checks magic, type,
     * element type, tag, length against {@code maxFrame} and whole elements.
     */
    public static String validate(ByteBuffer b, int at, long maxFrame) {
        short magic = b.getShort(at + MAGIC_OFFSET);
        if (magic != MAGIC) {
            return String.format("bad magic 0x%04x", magic & 0xffff);
        }
        int type = b.get(at + TYPE_OFFSET);
        if (type < EAGER || type > WITHDRAWN) {
            return "unknown frame type " + type;
        }
        ElementType elem = ElementType.ofId(b.get(at + ELEM_OFFSET));
        if (elem == null) {
            return "unknown element type " + b.get(at + ELEM_OFFSET);
        }
        int tag = b.getInt(at + TAG_OFFSET);
        if (tag < 0) {
            return "negative tag " + tag;
        }
        long length = b.getLong(at + LENGTH_OFFSET);
        if (length < 0 || length > maxFrame) {
            return "frame of " + length + " bytes exceeds the limit of " + maxFrame + " bytes";
        }
        if (type == ABORT && length > MAX_REASON) {
            return "abort reason of " + length + " bytes exceeds " + MAX_REASON;
        }
        if (length % elem.size() != 0 || length / elem.size() > Integer.MAX_VALUE) {
            return "frame of " + length + " bytes is not a whole number of " + elem + " elements";
        }
        return null;
    }
}
