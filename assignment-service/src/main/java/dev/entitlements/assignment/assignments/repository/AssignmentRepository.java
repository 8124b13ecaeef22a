package dev.entitlements.assignment.assignments.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AssignmentRepository implements PanacheRepository<Assignment> {

    /** Query field → column (or expression) to sort on. */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "expirationDate", "expiration_date",
            "effectiveDate", "effective_date");

    /** One page of a tenant's assignments and the total count, filtered and sorted in the database. */
    public Uni<Page> page(String tenantId, ValidatedQuery q, Instant now) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        String status = Lifecycle.sql("revoked_date", "effective_date", "expiration_date", "clock.now");
        where.eq("tenant_id", tenantId)
                .in("license_type", q.strings().get("licenseType"))
                .in("created_by", q.strings().get("createdBy"))
                .in(status, q.strings().get("status"));
        if (q.booleans().containsKey("isTrial")) {
            where.eq("trial", q.booleans().get("isTrial"));
        }
        String direction = q.descending() ? "DESC" : "ASC";
        String select = clock + "SELECT id, effective_date, expiration_date, quantity, license_type, " + status
                + ", created_date, revoked_date, created_by, revoked_by, trial, tenant_id = provider_tenant_id"
                + " FROM assignment CROSS JOIN clock WHERE " + where.sql()
                + " ORDER BY " + SORT_COLUMNS.get(q.sortField()) + " " + direction + ", id " + direction
                + " OFFSET " + q.offset() + " LIMIT " + q.pageSize();
        String count = clock + "SELECT count(*) FROM assignment CROSS JOIN clock WHERE " + where.sql();
        return getSession().chain(s -> bind(s.createNativeQuery(count, Long.class), where).getSingleResult()
                .chain(total -> q.excludeContent() ? Uni.createFrom().item(new Page(total, List.of()))
                        : bind(s.createNativeQuery(select, Object[].class), where).getResultList()
                                .map(rows -> new Page(total, rows.stream().map(AssignmentRepository::toItem).toList()))));
    }

    private static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, SqlWhere where) {
        for (int i = 0; i < where.params().size(); i++) {
            query.setParameter(i + 1, where.params().get(i));
        }
        return query;
    }

    // field names and shapes of spec §2.1
    private static Map<String, Object> toItem(Object[] r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", SqlValues.number(r[0]));
        item.put("effectiveDate", SqlValues.instant(r[1]));
        item.put("expirationDate", SqlValues.instant(r[2]));
        item.put("quantity", ((Number) r[3]).intValue());
        item.put("licenseType", r[4]);
        item.put("status", r[5]);
        item.put("createdDate", SqlValues.instant(r[6]).truncatedTo(ChronoUnit.MILLIS));
        item.put("revokedDate", SqlValues.instant(r[7]));
        item.put("createdBy", r[8]);
        item.put("revokedBy", r[9]);
        item.put("isTrial", r[10]);
        item.put("isSelfAssignment", r[11]);
        return item;
    }

    /** A page of items and the number of all matching rows. */
    public record Page(long totalCount, List<Map<String, Object>> items) {
    }
}
