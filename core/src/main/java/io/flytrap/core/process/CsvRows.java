package io.flytrap.core.process;

/** Rows in PostgreSQL's COPY CSV format: every value quoted (quotes doubled), null as an unquoted empty field. */
final class CsvRows {

    private CsvRows() {
    }

    static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = values[i];
            if (value != null) {
                String text = value.toString();
                out.append('"');
                for (int c = 0; c < text.length(); c++) {
                    char ch = text.charAt(c);
                    if (ch == '"') {
                        out.append('"');
                    }
                    if (ch != 0) { // PostgreSQL text cannot hold NUL
                        out.append(ch);
                    }
                }
                out.append('"');
            }
        }
        out.append('\n');
    }
}
