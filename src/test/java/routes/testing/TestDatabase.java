package routes.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL database owned by one test class: created on the machine's PostgreSQL (127.0.0.1:5432, trust
 * authentication as user postgres; {@code TEST_PG_HOST}, {@code TEST_PG_PORT}, {@code TEST_PG_USER} override) and
 * dropped when closed; where no PostgreSQL answers, an embedded one is started instead. Nothing shared is touched.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_PG_PORT", "5432"));
    private static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private final String host;
    private final int port;
    private final String name;
    private final EmbeddedPostgres embedded;

    private TestDatabase(String host, int port, String name, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.embedded = embedded;
    }

    public static TestDatabase create() throws IOException, SQLException {
        String name = "gateway_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        EmbeddedPostgres embedded = null;
        String host = HOST;
        int port = PORT;
        if (!listening(HOST, PORT)) {
            embedded = EmbeddedPostgres.builder().start();
            host = "localhost";
            port = embedded.getPort();
        }
        TestDatabase database = new TestDatabase(host, port, name, embedded);
        database.admin("CREATE DATABASE " + name);
        return database;
    }

    /** The JDBC URL of this test's database. */
    public String url() {
        return url(name);
    }

    public String user() {
        return USER;
    }

    /** host:port of the server, for a proxy in front of it. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of this test's database through another host and port (a proxy in front of the server). */
    public String urlThrough(String proxyHost, int proxyPort) {
        return "jdbc:postgresql://" + proxyHost + ":" + proxyPort + "/" + name;
    }

    /** The gateway's settings for this database (db.url, db.user, db.password). */
    public Map<String, String> settings() {
        return settings(url());
    }

    /** The same settings pointing at another URL (a proxy in front of this server). */
    public Map<String, String> settings(String url) {
        return Map.of("db.url", url, "db.user", USER, "db.password", "");
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Each row's first column as text. */
    public List<String> column(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
