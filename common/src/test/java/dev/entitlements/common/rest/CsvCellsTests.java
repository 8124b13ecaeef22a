package dev.entitlements.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTests {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\tcmd", "=cmd|' /C calc'!A0"})
    void aTextCellAFormulaCouldStartWithGetsAQuoteInFront(String hostile) {
        assertEquals("'" + hostile, CsvCells.text(hostile));
    }

    @Test
    void aCarriageReturnInFrontIsGuardedAndThenQuotedAsRfc4180Wants() {
        assertEquals("\"'\r=1+1\"", CsvCells.text("\r=1+1"));
    }

    @Test
    void aGuardedCellWithACommaOrAQuoteIsQuotedAroundTheQuoteInFront() {
        assertEquals(
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
                CsvCells.text("=HYPERLINK(\"http://evil.example\",\"x\")"));
        assertEquals("\"'-2,3\"", CsvCells.text("-2,3"));
    }

    @Test
    void ordinaryTextIsLeftAloneOrOnlyQuoted() {
        assertEquals("Customer ec-alpha", CsvCells.text("Customer ec-alpha"));
        assertEquals("2024-05-01", CsvCells.text("2024-05-01"));
        assertEquals("a=b", CsvCells.text("a=b")); // only the first character makes a formula
        assertEquals(" =1", CsvCells.text(" =1"));
        assertEquals("\"Smith, Jones & Co\"", CsvCells.text("Smith, Jones & Co"));
        assertEquals("\"say \"\"hi\"\"\"", CsvCells.text("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvCells.text("two\nlines"));
        assertEquals("", CsvCells.text(""));
        assertEquals("", CsvCells.text(null));
    }

    @Test
    void numbersStayNumbersNegativeOnesToo() {
        assertEquals("-5", CsvCells.number(-5));
        assertEquals("0", CsvCells.number(0));
        assertEquals("17", CsvCells.number(17));
    }
}
