package dev.herald.webhook.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Binds a statement's parameters, in order, as PostgreSQL text arrays (one element per row; the SQL casts them), for
 * multi-row inserts through {@code unnest}: one round trip for a whole batch of rows.
 */
public final class SqlArrays {

    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Binding {
        void bind(SqlArrays arrays) throws SQLException;
    }

    private final Connection connection;
    private final PreparedStatement statement;
    private int index;

    private SqlArrays(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    /** Runs {@code sql} on the connection of the caller's transaction, its parameters bound by {@code binding}. */
    public static void update(EntityManager entityManager, String sql, Binding binding) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binding.bind(new SqlArrays(connection, statement));
                statement.executeUpdate();
            }
        });
    }

    /** The next parameter: each row's value (null elements are SQL NULL). */
    public <T> void text(List<T> rows, Function<T, String> value) throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        statement.setArray(++index, connection.createArrayOf("text", values));
    }

    /** The next parameter: each row's instant, in ISO-8601 (cast to {@code timestamptz[]} by the SQL). */
    public <T> void time(List<T> rows, Function<T, Instant> value) throws SQLException {
        text(rows, row -> {
            Instant instant = value.apply(row);
            return instant == null ? null : instant.toString();
        });
    }
}
