package onestop.server.application.identity;

import java.util.Objects;

/**
 * One problem found in a roster file.
 *
 * @param line           1-based line of the CSV on which the offending record starts; 0 for a
 *                       problem with the whole file (size or row limit)
 * @param column         the header name of the offending column in Chinese (one of
 *                       {@link IdentityImport#COLUMNS}), or "" when the problem is with the whole
 *                       record or file (column count, quoting, limits)
 * @param idNumberMasked the member's ID number masked by {@code IdNumber.mask} (as typed when it is
 *                       not a valid number), or "" when the record has no 7th column
 * @param problem        one English sentence
 */
public record ImportProblem(int line, String column, String idNumberMasked, String problem) {
    public ImportProblem {
        column = column == null ? "" : column;
        idNumberMasked = idNumberMasked == null ? "" : idNumberMasked;
        Objects.requireNonNull(problem, "problem");
    }
}
