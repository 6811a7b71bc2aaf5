package dev.concord.runtime.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MPJ's port-exchange protocol and the failure relay, spoken by hand. */
class PortExchangeServerTest {

    @Test
    void shouldSendEveryRankThePeerTableInRankOrderOnceAllHaveRegistered() throws Exception {
        try (PortExchangeServer server = new PortExchangeServer(2, "127.0.0.1", "127.0.0.1")) {
            assertTrue(server.rankEnv(1).get(MpjConf.CONF_VARIABLE).endsWith("#Server Port;" + server.port()));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> register(server, 1, 7001, 7002));
            String first = register(server, 0, 6001, 6002);
            String expected = "#Peer Information;127.0.0.1@6002@6001@0@0;127.0.0.1@7002@7001@1@0";
            assertEquals(expected, first);
            assertEquals(expected, second.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldTellTheOtherWatchersWhichRankEndedWithoutAGoodbye() throws Exception {
        try (PortExchangeServer server = new PortExchangeServer(3, "127.0.0.1", "127.0.0.1");
                Socket w0 = watch(server, 0); Socket w1 = watch(server, 1); Socket w2 = watch(server, 2)) {
            DataOutputStream bye = new DataOutputStream(w0.getOutputStream());
            bye.writeInt(PortExchangeServer.GOODBYE);
            bye.flush();
            w0.close();
            w2.close(); // rank 2 dies
            w1.setSoTimeout(10_000);
            assertEquals(2, new DataInputStream(w1.getInputStream()).readInt());
        }
    }

    private static String register(PortExchangeServer server, int rank, int writePort, int readPort) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeUTF(PortExchangeServer.INFO_HELLO);
            out.writeInt(writePort);
            out.writeInt(readPort);
            out.writeInt(rank);
            out.flush();
            s.setSoTimeout(10_000);
            return new DataInputStream(s.getInputStream()).readUTF();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Socket watch(PortExchangeServer server, int rank) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeUTF(PortExchangeServer.WATCH_HELLO);
        out.writeInt(rank);
        out.flush();
        return s;
    }
}
