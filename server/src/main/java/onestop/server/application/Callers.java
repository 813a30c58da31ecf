package onestop.server.application;

import onestop.engine.domain.Outcome;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import onestop.server.application.ports.StoreTx;
import onestop.server.domain.Caller;
import onestop.server.domain.Hospital;

/** What a caller may reach: the registered hospital behind a hospital's token, and its region. */
public final class Callers {
    private Callers() {}

    /** The calling hospital as registered; HOSPITAL_NOT_FOUND when its token names one the office has removed. */
    public static Outcome<Hospital> registeredHospital(StoreTx tx, Caller caller) {
        return tx.hospital(caller.hospitalCode()).<Outcome<Hospital>>map(Outcome::ok).orElseGet(() ->
                Outcome.rejected(ResultCode.HOSPITAL_NOT_FOUND, "", "hospital " + caller.hospitalCode() + " is not registered"));
    }

    /**
     * Null when the hospital may see an area (an area-code prefix of 4 or 6 digits inside its region), else
     * PERMISSION_DENIED naming the field: a wider prefix (a whole province) or another region is refused.
     */
    public static Rejection regionOnly(Hospital hospital, String field, String area) {
        if (hospital.regionCovers(area)) return null;
        return Rejection.of(ResultCode.PERMISSION_DENIED, field, field + " " + area + " is outside hospital " + hospital.code()
                + "'s region " + hospital.region() + ": a hospital sees persons of its own region only");
    }
}
