package dev.entitlements.common.query;

import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.contract.Vocabulary;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * A field of a query endpoint, declared on the component of the endpoint's item record: the one
 * place the field is named. The component gives the field's name (its {@code @JsonProperty}, else
 * its own), its type (how the column is read) and, with its {@code @Schema}, the OpenAPI schema;
 * this annotation gives the column and whether the field sorts and filters. {@link QueryFields}
 * reads them into the endpoint's {@link QueryDefinition}, its SELECT list, its ORDER BY and
 * WHERE clauses, and the reading of a row into the record (docs/contributing.md, Adding a query field).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface QueryField {

    /** The column of the repository's query source the field is read, sorted and filtered by. */
    String column();

    Sort sort() default Sort.NONE;

    /** How a filter of this field is read; {@link FilterType#NONE}: no filter. */
    FilterType filter() default FilterType.NONE;

    /** The filter's name when it is not the field's (the UI filters {@code assignedLicense} as {@code isAssignedLicense}). */
    String filterName() default "";

    /** The values an {@link FilterType#ENUMS} filter accepts; any upper-cased value when {@link Values#ANY}. */
    Values values() default Values.ANY;

    /** Whether, and how by default, a query sorts by the field. */
    enum Sort {
        NONE,
        SORTABLE,
        /** The sort when the request names none, ascending. */
        DEFAULT,
        /** The sort when the request names none, descending. */
        DEFAULT_DESCENDING
    }

    /** The enumerations of the contract a filter may be restricted to (named once in {@link Vocabulary}). */
    enum Values {
        ANY(null),
        LICENSE_TYPES(Vocabulary.LICENSE_TYPES),
        VALIDITY_STATUSES(Vocabulary.VALIDITY_STATUSES),
        ASSIGNMENT_STATUSES(Vocabulary.ASSIGNMENT_STATUSES),
        USAGE_TYPES(Vocabulary.USAGE_TYPES),
        ATTENTION_TYPES(Vocabulary.ATTENTION_TYPES),
        ATTENTION_TENANT_TYPES(Vocabulary.ATTENTION_TENANT_TYPES);

        private final List<String> accepted;

        Values(List<String> accepted) {
            this.accepted = accepted;
        }

        /** The accepted values; null for {@link #ANY}. */
        public List<String> accepted() {
            return accepted;
        }
    }
}
