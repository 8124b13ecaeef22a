package dev.entitlements.reporting.licenses.service;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.contract.Vocabulary;

/**
 * The filters the availability calculator and the mileage report share (spec E3, E6:
 * {@code CalculatorFilterRequestDto}): {@code usageType} and {@code licenseType} required (R17),
 * {@code isTrial} optional; validated like every query's filters (and the mileage report's paging).
 */
public final class CalculatorFilters {

    public static final QueryDefinition DEFINITION = QueryDefinition.builder("calculator")
            .fields("licenseType")
            .sortFields("licenseType")
            .filter("usageType", Vocabulary.CALCULATOR_USAGE_TYPES)
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("isTrial", FilterType.BOOLEAN)
            .build();

    private CalculatorFilters() {}
}
