package dev.entitlements.sync.catalog;

/** What the catalogue says about a SKU. */
public record SkuInfo(
        String licenseType, String deviceType, String deviceSubType, boolean trial, boolean r1Sku, boolean mspPool) {}
