package org.lct.calculation.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.calculation.repository.DataDictionaryRepository.Relation;

/** Renders the data dictionary as Markdown: one section per table or view, one table row per column. */
@ApplicationScoped
public class DataDictionaryService {

    public String render(List<Relation> relations) {
        StringBuilder md = new StringBuilder("# LCT data dictionary\n\nGenerated from the database's own comments.\n");
        for (Relation relation : relations) {
            md.append("\n## `").append(relation.name()).append("` (").append(relation.kind()).append(")\n\n")
                    .append(cell(relation.description())).append("\n\n| Column | Type | Null | Meaning |\n|---|---|---|---|\n");
            for (var column : relation.columns()) {
                md.append("| `").append(column.name()).append("` | ").append(cell(column.type())).append(" | ")
                        .append(column.nullable() ? "yes" : "no").append(" | ").append(cell(column.description()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
