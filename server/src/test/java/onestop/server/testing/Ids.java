package onestop.server.testing;

/** Valid GB 11643 ID numbers for tests, made from area, birth date and sequence. */
public final class Ids {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private Ids() {}

    /** e.g. {@code id("341002", "19800101", 7)}. */
    public static String id(String area, String birth, int sequence) {
        String body = area + birth + String.format("%03d", sequence % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (body.charAt(i) - '0') * WEIGHTS[i];
        return body + CHECK[sum % 11];
    }
}
