package dev.concord.runtime.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host and how many ranks it takes. Parsed from {@code --host h1:2,h2:2} or a hostfile (one
 * host per line, {@code host [slots=N]} or {@code host:N}, '#' comments), as mpirun reads them.
 */
public record HostSlots(String host, int slots) {

    public HostSlots {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (slots < 1) {
            throw new IllegalArgumentException("host " + host + " has " + slots + " slots; need at least 1");
        }
    }

    /** True for names that mean this machine. */
    public boolean isLocal() {
        return isLocal(host);
    }

    /** True for host names that mean this machine. */
    public static boolean isLocal(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }

    /** Parses {@code h1:2,h2,h3:4} (slots default to 1). */
    public static List<HostSlots> parseList(String text) {
        List<HostSlots> out = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                out.add(parseItem(item.trim(), "--host " + text));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--host " + text + " names no host");
        }
        return out;
    }

    /** Reads a hostfile; errors name the file and line. */
    public static List<HostSlots> parseFile(Path file) throws IOException {
        List<HostSlots> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length == 1) {
                out.add(parseItem(parts[0], where));
            } else if (parts.length == 2 && parts[1].startsWith("slots=")) {
                out.add(new HostSlots(parts[0], number(parts[1].substring(6), where)));
            } else {
                throw new IllegalArgumentException(where + ": expected 'host', 'host:N' or 'host slots=N', got '"
                        + line + "'");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " names no host");
        }
        return out;
    }

    /** Host of each rank, filling hosts in order (rank r goes to the first host with a free slot). */
    public static List<String> placement(List<HostSlots> hosts, int np) {
        int total = 0;
        for (HostSlots h : hosts) {
            total += h.slots();
        }
        if (np > total) {
            throw new IllegalArgumentException("-np " + np + " needs " + np + " slots but the hosts give only " + total);
        }
        List<String> out = new ArrayList<>(np);
        for (HostSlots h : hosts) {
            for (int s = 0; s < h.slots() && out.size() < np; s++) {
                out.add(h.host());
            }
        }
        return out;
    }

    private static HostSlots parseItem(String item, String where) {
        int colon = item.lastIndexOf(':');
        if (colon < 0) {
            return new HostSlots(item, 1);
        }
        return new HostSlots(item.substring(0, colon), number(item.substring(colon + 1), where));
    }

    private static int number(String s, String where) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": slot count '" + s + "' is not a number");
        }
    }
}
