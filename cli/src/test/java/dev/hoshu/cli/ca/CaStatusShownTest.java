package dev.hoshu.cli.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CaStatusShownTest {

    private static String shown(String json) {
        StringWriter text = new StringWriter();
        CaStatusShown.print(JsonMapper.shared().readTree(json), new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void namesTheLaggingDevicesAndHowManyMoreThereAre() {
        String out = shown("""
                {"phase":"prepared","issuing":{"subject":"CN=a","pin":"p1","notAfter":"2036"},"trusted":["p1","p2"],
                 "retired":0,"nextStep":"once every agent renewed, go on with: hoshu ca rotate switch",
                 "progress":{"active":12,"lagging":3,"waitingFor":"have not yet received the next CA (at their renewal)",
                             "devices":["CT-01 (hosp-a)","MR-02\\u001b[2J (hosp-b)"]}}
                """);
        assertEquals("""
                phase:    prepared
                issuing:  CN=a  pin p1  until 2036
                trusted:  2 CA(s); retired: 0
                devices:  12 active; 3 have not yet received the next CA (at their renewal):
                          CT-01 (hosp-a)
                          MR-02?[2J (hosp-b)
                          and 1 more
                next step: once every agent renewed, go on with: hoshu ca rotate switch
                """, out);
    }

    @Test
    void steadyShowsTheActiveCountOnly() {
        String out = shown("""
                {"phase":"steady","trusted":["p1"],"retired":1,"nextStep":"start one with: hoshu ca rotate prepare",
                 "progress":{"active":4,"lagging":0,"waitingFor":null,"devices":[]}}
                """);
        assertEquals("""
                phase:    steady
                trusted:  1 CA(s); retired: 1
                devices:  4 active
                next step: start one with: hoshu ca rotate prepare
                """, out);
    }
}
