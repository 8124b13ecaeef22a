package dev.entitlements.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.events.DeviceUsageReported;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventTests {

    private final DeviceUsageReported usage =
            new DeviceUsageReported("t1", LocalDate.of(2024, 1, 2), "APSW", "WIFI", 3, 4);

    @Test
    void attributesTravelAsBinaryModeHeadersAndComeBackEqual() {
        CloudEvent event = CloudEvent.of(EventType.DEVICE_USAGE_REPORTED, "/tests", "t1", usage);
        RecordHeaders headers = new RecordHeaders();
        event.writeTo(headers);

        assertEquals("1.0", header(headers, "ce_specversion"));
        assertEquals("device.usage.reported.v1", header(headers, "ce_type"));
        assertEquals("t1", header(headers, "ce_subject"));
        assertEquals("application/json", header(headers, "content-type"));
        CloudEvent read = CloudEvent.readFrom(headers, event.data());
        assertEquals(event, read);
        assertEquals(usage, read.payload(DeviceUsageReported.class));
    }

    @Test
    void dataIsPlainJsonWithIsoDates() {
        String json = EventJson.write(usage);
        assertTrue(json.contains("\"date\":\"2024-01-02\""), json);
    }

    @Test
    void aRecordWithoutTheRequiredAttributesIsInvalid() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "1".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidEventException.class, () -> CloudEvent.readFrom(headers, "{}"));
    }

    @Test
    void aMalformedTimeOrMissingDataIsInvalid() {
        CloudEvent event = CloudEvent.of(EventType.DEVICE_USAGE_REPORTED, "/tests", "t1", usage);
        RecordHeaders headers = new RecordHeaders();
        event.writeTo(headers);
        assertThrows(InvalidEventException.class, () -> CloudEvent.readFrom(headers, " "));
        headers.remove("ce_time");
        headers.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidEventException.class, () -> CloudEvent.readFrom(headers, event.data()));
    }

    @Test
    void dataOfTheWrongShapeIsInvalid() {
        CloudEvent event = new CloudEvent(
                "1",
                EventType.DEVICE_USAGE_REPORTED.type(),
                "/tests",
                java.time.Instant.now(),
                "t1",
                "{\"deviceCount\": \"many\"}");
        assertThrows(InvalidEventException.class, () -> event.payload(DeviceUsageReported.class));
    }

    private static String header(RecordHeaders headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
