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
 * @param kind           what sort of problem it is, for the report's counts per kind
 */
public record ImportProblem(int line, String column, String idNumberMasked, String problem, Kind kind) {
    public ImportProblem {
        column = column == null ? "" : column;
        idNumberMasked = idNumberMasked == null ? "" : idNumberMasked;
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(kind, "kind");
    }

    /** The sorts of problem a roster file can have; a report counts each (names are part of the wire contract). */
    public enum Kind {
        FILE_LIMIT, BAD_HEADER, BAD_QUOTING, WRONG_COLUMN_COUNT, EMPTY_FIELD, FIELD_TOO_LONG, INVALID_ID_NUMBER,
        BAD_HOUSEHOLD_SIZE, UNKNOWN_ADJUSTMENT, BAD_DATE, DATE_OUT_OF_RANGE, UNKNOWN_CATEGORY, NOT_INSURED,
        DUPLICATE_IN_FILE, HELD_BY_OTHER_DEPARTMENT, OVERLAPPING_PERIOD, NO_OPEN_PERIOD, END_BEFORE_START
    }
}
