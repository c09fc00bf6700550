package dev.herald.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.api.HeraldApi;

/** Prints what the API answered: as a table (lists) or field list (one object), or as the API's JSON. */
public final class Printer {

    private final PrintWriter out;
    private final OutputFormat format;

    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

    /** A list answer ({@code {data, has_more, next_cursor}} or a bare array) as rows of the given columns. */
    public void list(JsonNode answer, List<Column> columns) {
        if (json()) {
            printJson(answer);
            return;
        }
        JsonNode rows = answer.isArray() ? answer : answer.path("data");
        table(rows, columns);
        if (answer.path("has_more").asBoolean(false)) {
            out.println("(more: --cursor " + answer.path("next_cursor").asText() + ", or --all)");
        }
        out.flush();
    }

    /** Rows under headings, each column as wide as its widest cell. */
    public void table(JsonNode rows, List<Column> columns) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::heading).toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(columns.stream().map(c -> c.cell(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.println(text.toString().stripTrailing());
        }
        if (lines.size() == 1) {
            out.println("(none)");
        }
        out.flush();
    }

    /** One object: each top-level field on its own line (nested values as compact JSON). */
    public void object(JsonNode answer) {
        if (json()) {
            printJson(answer);
            return;
        }
        int width = 0;
        for (Iterator<String> names = answer.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = answer.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            out.println(pad(field.getKey(), width + 2) + (value.isValueNode() ? value.asText() : value.toString()));
        }
        out.flush();
    }

    /** A line for people in table mode; nothing in JSON mode, where only the API's JSON goes to stdout. */
    public void note(String line) {
        if (!json()) {
            out.println(line);
            out.flush();
        }
    }

    public void printJson(JsonNode answer) {
        try {
            out.println(HeraldApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
