package routes.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;

import routes.observe.Failures;
import routes.observe.ReadinessCheck;

/**
 * A flow's PostgreSQL database: a connection pool (the routes' SQL endpoints use it as their {@code dataSource}) and
 * the flow's versioned migrations (Flyway), run at start-up. The process starts whether or not the database answers:
 * while the migrations have not run, readiness says why and {@link #requireReady} refuses calls, and a background
 * thread retries every {@code migrateRetryMillis}. A connection is waited for at most {@code connectionTimeoutMillis};
 * once that failed, calls fail at once for {@code recheckMillis} (then one tries again), so a database that goes
 * away costs callers a prompt error, not a wait each, and calls work again by themselves when it is back.
 * <p>
 * The pool opens once the Camel context has started (the YAML DSL may create a bean more than once while it loads
 * the routes; only the one kept is opened). With no URL, the dev profile starts an embedded PostgreSQL
 * ({@link DevPostgres}); anywhere else that is an error, said at start-up.
 */
public final class Database extends ReadinessCheck implements DataSource, CamelContextAware {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MIN_VALIDATION_MILLIS = 250;

    private String name = "database";
    private String url = "";
    private String user = "";
    private String password = "";
    private int poolSize = 10;
    private long connectionTimeoutMillis = 2000;
    private int socketTimeoutSeconds = 10;
    private long migrateRetryMillis = 2000;
    private String migrations;
    private boolean devEmbedded;

    private long recheckMillis = 500;

    private CamelContext camelContext;
    private volatile HikariDataSource pool;
    private volatile boolean stopped;
    private volatile long unreachableUntilNanos;
    private volatile String unreachable;
    private DevPostgres devServer;
    private Thread migrator;
    private volatile boolean migrated;
    private volatile String problem = "migrations not run yet";

    public Database() {
        super("database");
    }

    @Override
    public String getId() {
        return "database-" + name;
    }

    /** Checks the settings now; the pool opens when the context has started. */
    public void start() throws Exception {
        if ((url == null || url.isBlank()) && !devEmbedded) {
            throw new IllegalArgumentException("database " + name + ": no URL (DB_URL is empty); set DB_URL, "
                    + "DB_USER and DB_PASSWORD");
        }
        if (camelContext == null) {
            open();
            return;
        }
        camelContext.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                open();
            }
        });
    }

    /** Creates the pool and runs the migrations (or starts retrying them). */
    private synchronized void open() {
        if (stopped || pool != null) {
            return;
        }
        if (url == null || url.isBlank()) {
            devServer = startDevServer();
            url = devServer.jdbcUrl();
            user = devServer.user();
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.max(MIN_VALIDATION_MILLIS, connectionTimeoutMillis / 2));
        // start without the database: connections are made when it answers
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectionTimeoutMillis / 1000)));
        config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        pool = new HikariDataSource(config);
        if (!migrate()) {
            migrator = new Thread(this::migrateUntilDone, "migrations-" + name);
            migrator.setDaemon(true);
            migrator.start();
        }
    }

    public synchronized void stop() {
        stopped = true;
        if (migrator != null) {
            migrator.interrupt();
        }
        if (pool != null) {
            pool.close();
        }
        if (devServer != null) {
            devServer.close();
            devServer = null;
        }
    }

    /** In a route, before the store is used: refuses at once while the schema is not there or it is unreachable. */
    public void requireReady() {
        if (!migrated) {
            throw new DatabaseUnavailable("database " + name + " is not ready: " + problem);
        }
        if (unreachableNow()) {
            throw new DatabaseUnavailable("database " + name + " is unreachable: " + unreachable);
        }
    }

    private boolean unreachableNow() {
        return unreachable != null && System.nanoTime() < unreachableUntilNanos;
    }

    @Override
    protected String problem() {
        return migrated ? null : "database " + name + " (" + shownUrl() + ") is not ready: " + problem;
    }

    private boolean migrate() {
        try {
            int applied = Flyway.configure().dataSource(pool).locations(migrations).load().migrate().migrationsExecuted;
            migrated = true;
            LOG.info("database {}: schema up to date ({} migration(s) applied now)", name, applied);
            return true;
        } catch (RuntimeException e) {
            problem = Failures.rootMessage(e);
            return false;
        }
    }

    private void migrateUntilDone() {
        LOG.warn("database {} at {} cannot be migrated yet ({}); retrying every {} ms", name, shownUrl(), problem,
                migrateRetryMillis);
        while (!migrated && !Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.MILLISECONDS.sleep(migrateRetryMillis);
            } catch (InterruptedException e) {
                return;
            }
            migrate();
        }
    }

    /** The URL the pool connects to (the embedded server's in the dev profile), without its query. */
    public String url() {
        return shownUrl();
    }

    /** The URL without its query, where a password may be given. */
    private String shownUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static DevPostgres startDevServer() {
        try {
            return DevPostgres.start();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("Dev profile: no DB_URL and the embedded PostgreSQL is not on the class "
                    + "path; run with the README's command (it adds target/dev-lib) or set DB_URL", e);
        }
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public void setConnectionTimeoutMillis(long connectionTimeoutMillis) {
        this.connectionTimeoutMillis = connectionTimeoutMillis;
    }

    public void setSocketTimeoutSeconds(int socketTimeoutSeconds) {
        this.socketTimeoutSeconds = socketTimeoutSeconds;
    }

    /** After a failed connect, how long calls fail at once before one tries again. */
    public void setRecheckMillis(long recheckMillis) {
        this.recheckMillis = recheckMillis;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public void setMigrateRetryMillis(long migrateRetryMillis) {
        this.migrateRetryMillis = migrateRetryMillis;
    }

    /** Flyway locations of the flow's migrations, e.g. classpath:db/migration/rpc. */
    public void setMigrations(String migrations) {
        this.migrations = migrations;
    }

    /** Dev profile: start an embedded PostgreSQL when there is no URL. */
    public void setDevEmbedded(boolean devEmbedded) {
        this.devEmbedded = devEmbedded;
    }

    // DataSource: the pool's

    @Override
    public Connection getConnection() throws SQLException {
        if (unreachableNow()) {
            throw new SQLTransientConnectionException("database " + name + " is unreachable: " + unreachable);
        }
        if (pool == null) {
            throw new SQLTransientConnectionException("database " + name + " is not open yet");
        }
        try {
            Connection connection = pool.getConnection();
            unreachable = null;
            return connection;
        } catch (SQLException e) {
            unreachable = e.getMessage();
            unreachableUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(recheckMillis);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
