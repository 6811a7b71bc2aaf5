package dev.concord.launcher;

import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.Sizes;
import dev.concord.runtime.Durations;
import dev.concord.runtime.bootstrap.RankIdentity;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code concord info}: what this process would be as a rank, and where that came from. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print this process's rank, size, identity source, transport, coordinator and options.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        RankIdentity id = RankIdentity.fromEnvironment(System.getenv());
        RuntimeOptions o = RuntimeOptions.fromEnvironment(System.getenv());
        StringBuilder b = new StringBuilder(id.describe());
        b.append("host:        ").append(InetAddress.getLocalHost().getHostName()).append('\n');
        b.append("pid:         ").append(ProcessHandle.current().pid()).append('\n');
        b.append("java:        ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(")\n");
        b.append("op timeout:  ").append(Durations.format(o.opTimeoutNanos())).append('\n');
        b.append("peer timeout:").append(' ').append(Durations.format(o.peerTimeoutNanos())).append('\n');
        b.append("eager limit: ").append(Sizes.format(o.eagerLimitBytes())).append('\n');
        b.append("tcp payloads: ").append(dev.concord.runtime.tcp.TcpTransport.payloadPath()).append('\n');
        System.out.print(b);
        return 0;
    }
}
