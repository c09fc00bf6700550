package dev.herald.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

/** One column of a table: its heading and where its value is in each row (a JSON pointer such as {@code /id}). */
public record Column(String heading, String pointer) {

    public static Column of(String heading, String pointer) {
        return new Column(heading, pointer);
    }

    /** The cell: a scalar as text, an array of scalars joined with commas, anything else as compact JSON. */
    public String cell(JsonNode row) {
        JsonNode value = row.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode item : value) {
                if (!joined.isEmpty()) {
                    joined.append(',');
                }
                joined.append(item.isValueNode() ? item.asText() : item.toString());
            }
            return joined.toString();
        }
        return value.toString();
    }
}
