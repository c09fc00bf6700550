package dev.herald.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes PostgreSQL fail the first outbox insert of one topic and key, so a test sees a real failed transaction (no mock
 * of the service's own code): a trigger raises on that insert after waiting for {@link #release()}, which lets the test
 * change the world while the transaction is between its steps; {@link #tries()} counts the inserts tried.
 * {@link #close()} drops the trigger and lets any waiting insert go.
 */
public final class OutboxFault implements AutoCloseable {

    private final Statement sql;
    private final String name = "outbox_fault_" + UUID.randomUUID().toString().replace("-", "");
    private final long gate = ThreadLocalRandom.current().nextLong();

    private OutboxFault(Statement sql) {
        this.sql = sql;
    }

    /**
     * Fails the first insert into {@code outbox} of {@code topic} with message key {@code key}; the insert waits until
     * {@link #release()} first. The gate is a session lock of {@code connection}, which the fault uses until closed.
     */
    public static OutboxFault failFirstInsert(Connection connection, String topic, String key) throws SQLException {
        OutboxFault fault = new OutboxFault(connection.createStatement());
        try {
            fault.install(topic, key);
            return fault;
        } catch (SQLException e) {
            try {
                fault.close();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void install(String topic, String key) throws SQLException {
        sql.execute("SELECT pg_advisory_lock(" + gate + ")");
        sql.execute("CREATE SEQUENCE " + name);
        // A sequence counts the tries: the failed try's own writes roll back, nextval does not.
        sql.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.topic = " + literal(topic) + " AND NEW.msg_key = " + literal(key) + " THEN"
                + " IF nextval('" + name + "') = 1 THEN"
                + " PERFORM pg_advisory_xact_lock(" + gate + ");"
                + " RAISE EXCEPTION 'the database failed this transaction (test)'; END IF; END IF;"
                + " RETURN NEW; END $$");
        sql.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION " + name + "()");
    }

    /** How often the matching insert was tried so far, the failed try included. */
    public int tries() throws SQLException {
        try (ResultSet row = sql.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name)) {
            row.next();
            return Math.toIntExact(row.getLong(1));
        }
    }

    /** Lets the first insert go on to fail; later inserts never wait. */
    public void release() throws SQLException {
        sql.execute("SELECT pg_advisory_unlock(" + gate + ")");
    }

    @Override
    public void close() throws SQLException {
        try {
            sql.execute("SELECT pg_advisory_unlock_all()");
            sql.execute("DROP TRIGGER IF EXISTS " + name + " ON outbox");
            sql.execute("DROP FUNCTION IF EXISTS " + name + "()");
            sql.execute("DROP SEQUENCE IF EXISTS " + name);
        } finally {
            sql.close();
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
