package dev.entitlements.assignment.timelines.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer: one timeline per license type and trial flag that has pools or assignments in the window. */
@Schema(name = "CapacityTimelines")
public record CapacityTimelineResponse(List<CapacityTimeline> data) {}
