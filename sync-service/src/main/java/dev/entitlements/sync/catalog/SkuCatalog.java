package dev.entitlements.sync.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a SKU means ({@code sku-catalog.txt}): license type, device type and sub-type, MSP pool,
 * trial and R1 flags. The only place that interprets part numbers.
 */
@ApplicationScoped
public class SkuCatalog {

    static final String RESOURCE = "/sku-catalog.txt";
    private static final Pattern MSP_TOKEN = Pattern.compile("(^|[^A-Z])MSP([^A-Z]|$)");

    /** One line of the catalogue. */
    record Rule(
            Pattern pattern,
            String licenseType,
            String deviceType,
            String mspDeviceType,
            String deviceSubType,
            boolean r1) {}

    private final List<Rule> rules;

    public SkuCatalog() {
        this(load());
    }

    SkuCatalog(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Part numbers repeat across millions of records; the regexes run once per distinct SKU. */
    private final java.util.concurrent.ConcurrentMap<String, Optional<SkuInfo>> resolved =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The meaning of a SKU, or empty when no line of the catalogue knows it. */
    public Optional<SkuInfo> resolve(String sku) {
        if (sku == null || sku.isBlank()) {
            return Optional.empty();
        }
        if (resolved.size() > 10_000) {
            resolved.clear(); // bounded: garbage SKUs on the topic must not grow the heap
        }
        return resolved.computeIfAbsent(sku, this::match);
    }

    private Optional<SkuInfo> match(String sku) {
        String s = sku.trim().toUpperCase(Locale.ROOT);
        boolean msp = MSP_TOKEN.matcher(s).find();
        // spec R5: "-TEMP" suffix or "TMP090" anywhere
        boolean trial = s.endsWith("-TEMP") || s.contains("TMP090");
        return rules.stream()
                .filter(r -> r.pattern().matcher(s).matches())
                .findFirst()
                .map(r -> new SkuInfo(
                        r.licenseType(),
                        msp ? r.mspDeviceType() : r.deviceType(),
                        r.deviceSubType(),
                        trial,
                        r.r1(),
                        msp));
    }

    static List<Rule> load() {
        try (InputStream in = SkuCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Rule> parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] c = l.split("\\s+");
            if (c.length != 6 || !(c[5].equals("true") || c[5].equals("false"))) {
                throw new IllegalArgumentException("catalogue line needs 6 columns (pattern, license type, device type,"
                        + " MSP device type, sub-type or -, R1 true/false): " + line);
            }
            rules.add(new Rule(
                    Pattern.compile(c[0]),
                    c[1],
                    c[2],
                    c[3],
                    c[4].equals("-") ? null : c[4],
                    Boolean.parseBoolean(c[5])));
        }
        return rules;
    }
}
