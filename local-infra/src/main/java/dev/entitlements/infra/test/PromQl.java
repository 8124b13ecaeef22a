package dev.entitlements.infra.test;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, as far as the dashboards and alert rules of deploy/ need:
 * string literals, comments ({@code #} to the end of the line), label matchers ({@code {...}}), ranges and subqueries ({@code [...]}), the label
 * lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right}, {@code offset} and Grafana's variables ({@code $__rate_interval},
 * {@code ${datasource}}) are taken out; of the words left, those followed by a parenthesis are
 * functions or aggregations and the operators are keywords; the rest are metric names.
 */
public final class PromQl {

    private static final Set<String> KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
    private static final Pattern WORD = Pattern.compile("(?<![0-9.A-Za-z_:])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");
    private static final Pattern NUMBER_WORDS = Pattern.compile("(?i)inf|nan");

    private PromQl() {}

    /** The metric names {@code expression} reads, sorted. */
    public static Set<String> metricNames(String expression) {
        String s = STRING.matcher(withoutComments(expression)).replaceAll(" \"\" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = LABEL_LISTS.matcher(s).replaceAll(" ");
        s = VARIABLES.matcher(s).replaceAll(" ");
        s = OFFSET.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            String word = m.group(1);
            boolean function = m.group(2) != null;
            if (!function
                    && !KEYWORDS.contains(word)
                    && !NUMBER_WORDS.matcher(word).matches()) {
                names.add(word);
            }
        }
        return names;
    }

    /** {@code expression} without its comments: a {@code #} outside a string to the end of its line. */
    private static String withoutComments(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (comment) {
                comment = c != '\n';
            } else if (quote != 0) {
                if (c == '\\' && i + 1 < expression.length()) {
                    out.append(c);
                    c = expression.charAt(++i);
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '#') {
                comment = true;
            }
            out.append(comment ? ' ' : c);
        }
        return out.toString();
    }

    /**
     * The PromQL inside a Grafana variable query: the series selector of {@code label_values(selector,
     * label)}, the expression of {@code query_result(...)}, nothing for {@code label_values(label)} and
     * {@code label_names()}, the query itself otherwise.
     */
    public static String ofVariableQuery(String query) {
        String q = query.strip();
        Matcher values = Pattern.compile("^label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)$", Pattern.DOTALL)
                .matcher(q);
        if (values.matches()) {
            return values.group(1);
        }
        if (q.startsWith("label_values(") || q.startsWith("label_names(") || q.startsWith("metrics(")) {
            return "";
        }
        Matcher result =
                Pattern.compile("^query_result\\((.*)\\)$", Pattern.DOTALL).matcher(q);
        return result.matches() ? result.group(1) : q;
    }
}
