package dev.concord.runtime.mpj;

import dev.concord.runtime.ConcordException;
import java.util.Map;

/**
 * The environment contract between the launcher and an MPJ rank, and the CONF string that MPJ's
 * niodev expects as its second argument:
 *
 * <pre>
 * #Number of Processes;N;#Protocol Switch Limit;131072;#Server Name;HOST;#Server Port;PORT
 * </pre>
 *
 * HOST:PORT is the launcher's {@link PortExchangeServer}; it also carries the failure side channel.
 */
final class MpjConf {
    /** The CONF string for niodev. */
    static final String CONF_VARIABLE = "CONCORD_MPJ_CONF";
    /** host:port of the launcher's exchange server, for the failure side channel. */
    static final String SERVER_VARIABLE = "CONCORD_MPJ_SERVER";
    /** Where mpj.jar is (launcher side; default Debian's). */
    static final String JAR_VARIABLE = "CONCORD_MPJ_JAR";
    static final String DEFAULT_JAR = "/usr/share/java/mpj.jar";
    /** MPJ.Init reads $MPJ_HOME/conf/mpjexpress.conf (only its log level; a stack trace if absent). */
    static final String HOME_VARIABLE = "MPJ_HOME";
    /** Debian's MPJ_HOME ({@code conf -> /etc/mpj}). */
    static final String DEFAULT_HOME = "/usr/share/mpj";
    /** MPJ's eager/rendezvous switch, bytes (MPJ's own default). */
    static final int PROTOCOL_SWITCH_LIMIT = 128 * 1024;

    private MpjConf() {
    }

    /** The CONF string for {@code np} ranks whose exchange server is {@code host:port}. */
    static String conf(int np, String host, int port) {
        return "#Number of Processes;" + np + ";#Protocol Switch Limit;" + PROTOCOL_SWITCH_LIMIT
                + ";#Server Name;" + host + ";#Server Port;" + port;
    }

    /** The launcher's MPJ_HOME if set, else Debian's. */
    static String home() {
        String h = System.getenv(HOME_VARIABLE);
        return h == null || h.isBlank() ? DEFAULT_HOME : h;
    }

    /** The value of {@code name} in {@code env}, or an exception saying who should have set it. */
    static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new ConcordException(name + " is not set: CONCORD_TRANSPORT=mpj ranks must be started by "
                    + "'concord run --transport mpj' (it runs MPJ's port exchange and sets " + name + ")");
        }
        return v;
    }
}
