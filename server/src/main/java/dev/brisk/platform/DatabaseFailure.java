package dev.brisk.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a failure says about the database's availability. {@link #UNAVAILABLE}: no connection could be
 * had (pool timeout, connection refused, server starting or shutting down), so no statement was sent;
 * {@link #CONNECTION_LOST}: a statement failed because its connection died. Anything else
 * ({@link #NONE}) is not an availability problem: bad SQL, a constraint, a timeout of one statement.
 */
public enum DatabaseFailure {
    NONE,
    UNAVAILABLE,
    CONNECTION_LOST;

    public static DatabaseFailure of(Throwable failure) {
        boolean lost = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException) {
                return UNAVAILABLE; // getting the connection failed: nothing reached the server
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() == null
                    && "Connection is closed".equals(sql.getMessage())) {
                lost = true; // Hikari's proxy of a connection it already dropped
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("08001") || state.equals("08004") || state.equals("57P03") || state.equals("53300")) {
                    return UNAVAILABLE; // could not connect, refused, cannot connect now, too many connections
                }
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")) {
                    lost = true; // connection failure, admin shutdown, crash shutdown: keep looking for a cause above
                }
            }
        }
        return lost ? CONNECTION_LOST : NONE;
    }

    public boolean isFailure() {
        return this != NONE;
    }
}
