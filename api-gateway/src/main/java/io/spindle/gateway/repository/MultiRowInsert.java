package io.spindle.gateway.repository;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Many rows in one native {@code insert … values (…), (…)}: one round trip to PostgreSQL instead of one per row
 * (a row with a generated identity is otherwise inserted on its own, and Hibernate's statement batching does not
 * suit the gateway's mix of statements). The rows keep their order, so generated ids follow it.
 */
public final class MultiRowInsert {

    /** PostgreSQL's limit on the parameters of one statement. */
    private static final int MAX_PARAMETERS = 65_535;

    private MultiRowInsert() {
    }

    /** Inserts {@code rows}, each holding the values of {@code columns} in order, into {@code table}. */
    public static Uni<Void> insert(Mutiny.Session session, String table, List<String> columns, List<Object[]> rows) {
        int perStatement = MAX_PARAMETERS / columns.size();
        Uni<Void> done = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            done = done.call(() -> statement(session, table, columns, chunk));
        }
        return done;
    }

    private static Uni<Integer> statement(Mutiny.Session session, String table, List<String> columns,
            List<Object[]> rows) {
        int width = columns.size();
        String values = IntStream.range(0, rows.size()).mapToObj(row -> IntStream.rangeClosed(1, width)
                .mapToObj(column -> "?" + (row * width + column)).collect(Collectors.joining(", ", "(", ")")))
                .collect(Collectors.joining(", "));
        var insert = session.createNativeQuery("insert into " + table + " (" + String.join(", ", columns)
                + ") values " + values);
        int position = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                insert.setParameter(++position, value);
            }
        }
        return insert.executeUpdate();
    }
}
