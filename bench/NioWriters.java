import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for {@link Scale}'s drain: what sendgate does with its sockets, done by a plain Java NIO
 * program with none of the service around it. It opens COUNT connections to the sink's endpoints with the
 * same SO_SNDBUF, writes PAYLOAD bytes on each until the kernel takes no more, then continues every write
 * from one selector thread as the sink drains. A process of its own, so that its descriptors count against
 * its own file limit, as the service's do.
 *
 *   java -cp target/bench NioWriters PAYLOAD SNDBUF COUNT HOST:PORT...
 *
 * Prints "ready CONNECTIONS PENDING" once every write is under way, and "done CPU_MS" when every one has
 * ended, with the CPU time its selector thread took to finish them.
 */
public final class NioWriters {
    private static final long TIMEOUT_MS = 600_000;

    public static void main(String[] args) throws Exception {
        int payload = Integer.parseInt(args[0]);
        int sendBuffer = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] hp = args[i].split(":");
            endpoints.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(payload);
        try (Selector selector = Selector.open()) {
            int pending = 0;
            for (int i = 0; i < count; i++) {
                SocketChannel c = SocketChannel.open();
                c.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
                c.connect(endpoints.get(i % endpoints.size()));
                c.configureBlocking(false);
                ByteBuffer mine = bytes.duplicate().clear();
                c.write(mine);
                if (mine.hasRemaining()) {
                    c.register(selector, SelectionKey.OP_WRITE, mine);
                    pending++;
                }
            }
            System.out.println("ready " + count + " " + pending);
            System.out.flush();
            long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            while (pending > 0 && System.nanoTime() < deadline) {
                selector.select(1000);
                for (SelectionKey k : selector.selectedKeys()) {
                    ByteBuffer rest = (ByteBuffer) k.attachment();
                    ((SocketChannel) k.channel()).write(rest);
                    if (!rest.hasRemaining()) {
                        k.cancel();
                        pending--;
                    }
                }
                selector.selectedKeys().clear();
            }
            long cpuMs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000 - cpuBefore;
            System.out.println(pending == 0 ? "done " + cpuMs : "timeout " + pending);
            System.out.flush();
        }
    }
}
