package dev.concord.runtime.tcp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual HMAC-SHA256 challenge–response on a fresh connection; the job token never crosses the
 * wire. Then one length-limited body from the client, and length-limited frames both ways.
 *
 * <pre>
 *   client -> server : "CNCD" | version:u16 | purpose:u8 | 0:u8 | clientNonce[32]
 *   server -> client : "CNCD" | serverNonce[32] | HMAC(token, 'S' purpose clientNonce serverNonce)
 *   client -> server : HMAC(token, 'C' purpose serverNonce clientNonce) | bodyLength:u32 | body
 * </pre>
 *
 * Every read has a timeout, so a silent or slow stranger cannot hold a listener.
 */
final class Handshake {
    static final int MAGIC = 0x434E4344; // "CNCD"
    static final int VERSION = 1;
    static final int RENDEZVOUS = 1;
    static final int PEER = 2;
    static final int MAX_BODY = 64 * 1024;
    private static final int NONCE = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /** A connection that did not prove the job token or broke the protocol. */
    static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /** Client side; returns once the server has proved the token and the body is sent. */
    static void client(SocketChannel ch, byte[] token, int purpose, byte[] body, int timeoutMillis)
            throws IOException {
        writeFrame(authenticate(ch, token, purpose, timeoutMillis), body);
    }

    /** Client side up to (not including) the body: the stream to write the body frame to. */
    static DataOutputStream authenticate(SocketChannel ch, byte[] token, int purpose, int timeoutMillis)
            throws IOException {
        ch.socket().setSoTimeout(timeoutMillis);
        DataOutputStream out = new DataOutputStream(ch.socket().getOutputStream());
        DataInputStream in = new DataInputStream(ch.socket().getInputStream());
        byte[] clientNonce = nonce();
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeByte(purpose);
        out.writeByte(0);
        out.write(clientNonce);
        out.flush();
        if (in.readInt() != MAGIC) {
            throw new Rejected("the server is not a Concord rank (bad magic)");
        }
        byte[] serverNonce = new byte[NONCE];
        in.readFully(serverNonce);
        byte[] proof = new byte[NONCE];
        in.readFully(proof);
        if (!MessageDigest.isEqual(proof, mac(token, 'S', purpose, clientNonce, serverNonce))) {
            throw new Rejected("the server does not know the job token");
        }
        out.write(mac(token, 'C', purpose, serverNonce, clientNonce));
        return out;
    }

    /** Server side; returns the client's body once it has proved the token. */
    static byte[] server(SocketChannel ch, byte[] token, int purpose, int timeoutMillis) throws IOException {
        ch.socket().setSoTimeout(timeoutMillis);
        DataOutputStream out = new DataOutputStream(ch.socket().getOutputStream());
        DataInputStream in = new DataInputStream(ch.socket().getInputStream());
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new Rejected(String.format("not a Concord client (bad magic 0x%08x)", magic));
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                throw new Rejected("unsupported protocol version " + version + " (this rank speaks " + VERSION + ")");
            }
            int got = in.readUnsignedByte();
            if (got != purpose) {
                throw new Rejected("connection for purpose " + got + " reached a listener for purpose " + purpose);
            }
            in.readUnsignedByte();
            byte[] clientNonce = new byte[NONCE];
            in.readFully(clientNonce);
            byte[] serverNonce = nonce();
            out.writeInt(MAGIC);
            out.write(serverNonce);
            out.write(mac(token, 'S', purpose, clientNonce, serverNonce));
            out.flush();
            byte[] proof = new byte[NONCE];
            in.readFully(proof);
            if (!MessageDigest.isEqual(proof, mac(token, 'C', purpose, serverNonce, clientNonce))) {
                throw new Rejected("wrong job token (HMAC proof did not match)");
            }
            return readFrame(in, MAX_BODY);
        } catch (SocketTimeoutException e) {
            throw new Rejected("handshake timed out after " + timeoutMillis + " ms");
        } catch (EOFException e) {
            throw new Rejected("connection closed during the handshake");
        }
    }

    static void writeFrame(DataOutputStream out, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    static byte[] readFrame(DataInputStream in, int max) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new Rejected("oversized frame: " + Integer.toUnsignedString(length) + " bytes announced, limit "
                    + max);
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE];
        RANDOM.nextBytes(n);
        return n;
    }

    private static byte[] mac(byte[] token, char role, int purpose, byte[] first, byte[] second) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            mac.update((byte) role);
            mac.update((byte) purpose);
            mac.update(first);
            mac.update(second);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
