package onestop.console.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A roster file's encoding: strict UTF-8 first (its BOM dropped), else strict GBK; a mix is named line by line. */
class RosterFileTest {
    static final String TEXT = "乡镇,村,户主\n屯溪区,黎阳镇,张三\n";

    @Test
    void utf8AndGbkAreTold() {
        assertEquals(new RosterFile.Decoded(TEXT, "UTF-8"), RosterFile.decode(TEXT.getBytes(StandardCharsets.UTF_8), "auto"));
        assertEquals(new RosterFile.Decoded(TEXT, "UTF-8"), RosterFile.decode(("\uFEFF" + TEXT).getBytes(StandardCharsets.UTF_8), "auto"));
        assertEquals(new RosterFile.Decoded(TEXT, "GBK"), RosterFile.decode(TEXT.getBytes(RosterFile.GBK), "auto"));
        assertEquals(new RosterFile.Decoded(TEXT, "GBK"), RosterFile.decode(TEXT.getBytes(RosterFile.GBK), "GBK"));
        assertEquals("ascii,only\n", RosterFile.decode("ascii,only\n".getBytes(StandardCharsets.US_ASCII), "auto").text());
    }

    @Test
    void aMixIsRefusedWithItsLines() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("a,b\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 12; i++) b.write("屯溪区,张三\r\n".getBytes(i % 2 == 0 ? StandardCharsets.UTF_8 : RosterFile.GBK));
        ConsoleException e = assertThrows(ConsoleException.class, () -> RosterFile.decode(b.toByteArray(), "auto"));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("UTF-8 编码的行 (第 2, 4, 6, 8, 10, 12 行)"), e.getMessage());
        assertTrue(e.getMessage().contains("GBK 编码的行 (第 3, 5, 7, 9, 11, 13 行)"), e.getMessage());
        ConsoleException chosen = assertThrows(ConsoleException.class, () -> RosterFile.decode(b.toByteArray(), "GBK"));
        assertEquals("encoding", chosen.field());
        assertTrue(chosen.getMessage().startsWith("文件不是 GBK 编码 (第 2, 4"), chosen.getMessage());
    }

    @Test
    void neitherIsSaid() {
        byte[] bytes = {'a', ',', (byte) 0xFF, (byte) 0xFF, '\n'};
        ConsoleException e = assertThrows(ConsoleException.class, () -> RosterFile.decode(bytes, "auto"));
        assertTrue(e.getMessage().startsWith("文件既不是 UTF-8 也不是 GBK 编码"), e.getMessage());
        assertTrue(e.getMessage().contains("无法识别的行 (第 1 行)"), e.getMessage());
    }
}
