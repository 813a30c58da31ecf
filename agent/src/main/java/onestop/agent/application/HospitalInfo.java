package onestop.agent.application;

import java.util.Base64;
import java.util.Optional;
import onestop.v1.Hospital;

/** The calling hospital as the server last registered it (from each report's answer), kept locally for outages. */
public final class HospitalInfo {
    static final String KEY = "hospital";
    private final LocalStore store;
    private volatile Hospital cached;

    public HospitalInfo(LocalStore store) {
        this.store = store;
        this.cached = store.meta(KEY).map(HospitalInfo::parse).orElse(null);
    }

    public Optional<Hospital> current() {
        return Optional.ofNullable(cached);
    }

    public void update(Hospital h) {
        if (h.equals(cached)) return;
        store.putMeta(KEY, Base64.getEncoder().encodeToString(h.toByteArray()));
        cached = h;
    }

    private static Hospital parse(String b64) {
        try {
            return Hospital.parseFrom(Base64.getDecoder().decode(b64));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null; // re-learnt from the next report
        }
    }
}
