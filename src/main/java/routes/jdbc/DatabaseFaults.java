package routes.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a database that is down or unreachable (no connection within the pool's timeout, a connection lost, the
 * server shutting down) from a failure of the call itself, so that the first is answered "unavailable, retry" and
 * recovers by itself, and only the second counts as a failure of the method.
 */
public final class DatabaseFaults {

    /** SQLState class 08: connection exception; 57P: the server is shutting down or restarting. */
    private static final String CONNECTION_STATES = "08";
    private static final String SHUTDOWN_STATES = "57P";

    private DatabaseFaults() {
    }

    /** For a doCatch's onWhen: the exception being handled is an outage. */
    public static boolean isOutage(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return isOutage(failure);
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailable || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith(CONNECTION_STATES) || sql.getSQLState().startsWith(SHUTDOWN_STATES))) {
                return true;
            }
        }
        return false;
    }
}
