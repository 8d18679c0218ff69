package io.naftiko.skipper.api;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A table as kubectl prints one: upper-case headers, columns padded to their widest cell, the last one left free. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    public TextTable(String... headers) {
        rows.add(headers);
    }

    /** Adds a row; a null cell prints as {@code -}. */
    public TextTable row(String... cells) {
        String[] row = new String[rows.get(0).length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length && cells[i] != null ? cells[i] : "-";
        }
        rows.add(row);
        return this;
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return rows.size() == 1;
    }

    /** Prints the headers and rows. */
    public void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
