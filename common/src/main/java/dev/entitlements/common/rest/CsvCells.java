package dev.entitlements.common.rest;

/**
 * The cells of every CSV download, written once. A text cell that a spreadsheet would read as a
 * formula ({@code =}, {@code +}, {@code -}, {@code @}, or a leading tab or carriage return, OWASP's
 * "CSV injection") gets a single quote in front, so a tenant or customer name such as
 * {@code =HYPERLINK(...)} shows as the text it is instead of running when the file is opened. Then
 * RFC 4180 quoting. A number cell is written as the number it is: {@code -5} stays a number.
 */
public final class CsvCells {

    private CsvCells() {}

    /** A text cell (names, ids, dates): guarded against formula injection, quoted when it must be. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = startsLikeAFormula(value) ? "'" + value : value;
        return needsQuotes(cell) ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /** A number cell: never prefixed, whatever its sign. */
    public static String number(long value) {
        return Long.toString(value);
    }

    static boolean startsLikeAFormula(String value) {
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }

    private static boolean needsQuotes(String cell) {
        return cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
    }
}
