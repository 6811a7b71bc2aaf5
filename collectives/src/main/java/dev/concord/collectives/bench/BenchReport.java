package dev.concord.collectives.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints {@link BenchResult}s as an aligned table, CSV (fixed columns) or JSON. */
final class BenchReport {
    static final String CSV_HEADER = "collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps";

    private BenchReport() {
    }

    static void print(List<BenchResult> results, String format, PrintStream out) {
        switch (format) {
            case "csv":
                out.println(CSV_HEADER);
                for (BenchResult r : results) {
                    out.println(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.2f,%.2f,%.4f,%.4f", r.collective(), r.algorithm(),
                            r.transport(), r.np(), r.bytes(), r.medianMicros(), r.minMicros(), r.algbwGBps(), r.busbwGBps()));
                }
                break;
            case "json":
                out.println("[");
                for (int i = 0; i < results.size(); i++) {
                    BenchResult r = results.get(i);
                    out.println(String.format(Locale.ROOT, "  {\"collective\": \"%s\", \"algorithm\": \"%s\", \"transport\": \"%s\", "
                            + "\"np\": %d, \"bytes\": %d, \"median_us\": %.2f, \"min_us\": %.2f, \"algbw_GBps\": %.4f, "
                            + "\"busbw_GBps\": %.4f, \"alloc_bytes_per_call\": %d}%s", r.collective(), r.algorithm(), r.transport(),
                            r.np(), r.bytes(), r.medianMicros(), r.minMicros(), r.algbwGBps(), r.busbwGBps(),
                            r.allocBytesPerCall(), i + 1 < results.size() ? "," : ""));
                }
                out.println("]");
                break;
            default:
                if (!results.isEmpty()) {
                    BenchResult f = results.get(0);
                    out.println(String.format(Locale.ROOT, "# %s, transport %s, np %d", f.collective(), f.transport(), f.np()));
                }
                out.println(String.format(Locale.ROOT, "%-13s %12s %12s %12s %11s %11s %21s", "algorithm", "bytes",
                        "median_us", "min_us", "algbw_GBps", "busbw_GBps", "alloc_bytes_per_call"));
                for (BenchResult r : results) {
                    out.println(String.format(Locale.ROOT, "%-13s %12d %12.2f %12.2f %11.4f %11.4f %21d", r.algorithm(),
                            r.bytes(), r.medianMicros(), r.minMicros(), r.algbwGBps(), r.busbwGBps(), r.allocBytesPerCall()));
                }
        }
        out.flush();
    }
}
