package org.lct.common.problem;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the database refused, as the answer a client gets. A service checks what it can before writing; what is left
 * is a race (two writers creating the same row, a row deleted while another request refers to it, a serialization
 * failure or deadlock) and answers 409, never 500. Found by the SQLSTATE of the first {@link SQLException} among the
 * causes, so it works for JDBC, Hibernate and the transaction manager's wrappers alike.
 */
public final class DatabaseRefusals {

    private DatabaseRefusals() {
    }

    public static Optional<ProblemException> of(Throwable failure) {
        String state = sqlState(failure);
        if (state == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (state) {
            case "23505", "23P01" -> ProblemException.conflict("Another request wrote the same record at the same"
                    + " time and won; read it again before retrying.");
            case "23503" -> ProblemException.conflict("A record this request refers to was changed or removed by"
                    + " another request at the same time; read it again before retrying.");
            case "40001", "40P01", "55P03" -> ProblemException.conflict("The request collided with a concurrent"
                    + " change and was not applied; retry it.");
            case "22021", "22P05" -> ProblemException.invalid(List.of(new FieldError("$", FieldError.BODY,
                    TextRules.NO_CONTROL_CHARACTERS, "contains a character the database cannot store")));
            default -> null;
        });
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
