package routes.jdbc;

/** The database cannot serve right now (not reachable, or its schema not migrated yet). */
public final class DatabaseUnavailable extends RuntimeException {

    public DatabaseUnavailable(String message) {
        super(message, null, false, false);
    }
}
