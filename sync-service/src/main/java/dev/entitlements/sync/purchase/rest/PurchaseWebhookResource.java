package dev.entitlements.sync.purchase.rest;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.sync.purchase.service.PurchaseIngestion;
import dev.entitlements.sync.purchase.service.PurchaseValidator;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The webhook path for licensing systems that push by HTTP. All or nothing: one bad record
 * rejects the call, naming every bad record, and nothing is written.
 */
@Path("/licensing/purchases")
@Tag(name = "Licensing system")
public class PurchaseWebhookResource {

    static final int MAX_RECORDS = 1000;

    private final PurchaseValidator validator;
    private final PurchaseIngestion ingestion;
    private final CallerContext caller;

    public PurchaseWebhookResource(PurchaseValidator validator, PurchaseIngestion ingestion, CallerContext caller) {
        this.validator = validator;
        this.ingestion = ingestion;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LICENSING_SERVICE)
    @Operation(
            operationId = "importPurchases",
            summary = "Import order lines from the licensing system (1 to 1000 per call)")
    public Uni<PurchaseIngestion.Counts> importPurchases(List<PurchaseRecord> records) {
        // the licensing system's service account (for the audit trail); like every caller it names
        // its tenant, and an x-rks-tenantid naming another is refused (403) before the body is read
        Caller account = caller.current();
        if (records == null || records.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "the body must be a non-empty array of purchase records");
        }
        if (records.size() > MAX_RECORDS) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "at most " + MAX_RECORDS + " records per call, got " + records.size(),
                    "split the import into several calls");
        }
        List<PurchaseValidator.Line> lines = new ArrayList<>(records.size());
        List<ErrorDto> errors = new ArrayList<>();
        boolean malformed = false;
        for (int i = 0; i < records.size(); i++) {
            PurchaseValidator.Result result = validator.validate(records.get(i));
            if (result.valid()) {
                lines.add(result.line());
                continue;
            }
            for (PurchaseValidator.Problem p : result.problems()) {
                malformed |= !p.semantic();
                ErrorCode code = p.semantic() ? ErrorCode.UNPROCESSABLE : ErrorCode.INVALID_VALUE;
                errors.add(ErrorDto.of(code, "records[" + i + "]: " + p.reason(), null));
            }
        }
        if (!errors.isEmpty()) {
            // 400 when any record is malformed, 422 when all are well-formed but unacceptable
            throw new ApiException(malformed ? ErrorCode.INVALID_VALUE : ErrorCode.UNPROCESSABLE, errors);
        }
        return ingestion.importLines(lines, account);
    }
}
