package dev.entitlements.reporting.compliance.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /entitlements/compliances/query} (spec §2.5): one entry per license type, never a null entry. */
@Schema(description = "Compliance per license type")
public record ComplianceResponse(List<Compliance> compliances) {}
