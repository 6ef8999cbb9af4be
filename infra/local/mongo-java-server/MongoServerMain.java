import java.io.File;
import java.util.List;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStoreTool;

/**
 * The local MongoDB-wire server: mongo-java-server, which has no main of its own.
 *
 *   MongoServerMain h2 PORT FILE       persistent (npm start, npm test): one H2 MVStore file
 *   MongoServerMain memory PORT        throwaway (fault tests): everything is lost on stop
 *   MongoServerMain compact FILE       rewrites the H2 file without its dead space (server stopped)
 *
 * Binds 127.0.0.1 only. SIGTERM shuts the server down and closes the H2 file, which flushes it: a clean
 * stop loses nothing, while a kill -9 loses up to the last second of acknowledged writes (H2's auto-commit
 * delay).
 */
public class MongoServerMain {
    /** Compact before opening when the file is larger than this (CME_MONGO_COMPACT_BYTES overrides). */
    private static final long DEFAULT_COMPACT_AT_START_BYTES = 256L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "compact" -> compact(args[1]);
            case "h2" -> serve(Integer.parseInt(args[1]), h2Backend(args[2]));
            case "memory" -> serve(Integer.parseInt(args[1]), new MemoryBackend());
            default -> {
                System.err.println("usage: MongoServerMain h2 PORT FILE | memory PORT | compact FILE");
                System.exit(2);
            }
        }
    }

    private static AbstractMongoBackend h2Backend(String file) {
        // The file grows with every update (an append-only store); compact it offline once it is large.
        long threshold = Long.parseLong(System.getenv().getOrDefault(
                "CME_MONGO_COMPACT_BYTES", String.valueOf(DEFAULT_COMPACT_AT_START_BYTES)));
        if (new File(file).length() > threshold) compact(file);
        return new H2Backend(file);
    }

    private static void compact(String file) {
        File store = new File(file);
        if (!store.exists()) return;
        long before = store.length();
        long started = System.nanoTime();
        MVStoreTool.compact(file, false);
        System.out.printf("compacted %s: %d -> %d bytes in %d ms%n", file, before, store.length(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void serve(int port, AbstractMongoBackend backend) throws InterruptedException {
        // mongo-java-server announces wire version 8 by default, which the Node driver 7 refuses (it needs 9+).
        backend.version(new MongoVersion() {
            @Override
            public List<Integer> getVersionArray() {
                return List.of(5, 0, 0);
            }

            @Override
            public int getWireVersion() {
                return 13;
            }
        });
        // No oplog: nothing here uses change streams, and mongo-java-server's oplog is never trimmed, so in the
        // H2 file it grew by every write and made each start-up slower. An oplog kept by an older launcher goes.
        backend.dropDatabase("local");
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        System.out.println("listening on 127.0.0.1:" + port + " with " + backend.getClass().getSimpleName());
        Thread.currentThread().join();
    }
}
