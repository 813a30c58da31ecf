package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import onestop.engine.domain.Document;
import onestop.engine.domain.ResultCode;
import onestop.engine.domain.eligibility.EligibilityReason;
import org.junit.jupiter.api.Test;

/** The closed lists of the engine and of onestop.v1 must stay the same lists. */
class WireCodesTest {
    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).filter(n -> !n.endsWith("UNSPECIFIED") && !n.equals("UNRECOGNIZED")).sorted().toList();
    }

    @Test
    void everyResultCodeIsAWireReason() {
        assertEquals(names(ResultCode.values()), names(onestop.v1.Reason.values()));
    }

    @Test
    void enumsMatchTheirProtoTwins() {
        assertEquals(names(EligibilityReason.values()), names(onestop.v1.EligibilityReason.values()));
        assertEquals(names(Document.values()), names(onestop.v1.Document.values()));
        assertEquals(names(onestop.engine.domain.Category.values()), names(onestop.v1.Category.values()));
        assertEquals(names(onestop.engine.domain.Scheme.values()), names(onestop.v1.Scheme.values()));
        assertEquals(names(onestop.engine.domain.VisitType.values()), names(onestop.v1.VisitType.values()));
        assertEquals(names(onestop.engine.domain.HospitalLevel.values()), names(onestop.v1.HospitalLevel.values()));
        assertEquals(names(onestop.engine.domain.settlement.Mode.values()), names(onestop.v1.SettlementMode.values()));
    }
}
