package onestop.server.application.settlement;

import onestop.engine.domain.HospitalLevel;
import onestop.engine.domain.VisitType;

/**
 * A settle or pre-settle request as the adapter received it, not yet checked.
 *
 * @param type          null when the caller gave none or an unknown value
 * @param hospitalLevel null: the calling hospital's registered level
 * @param offlineMadeAtMillis 0 unless an agent forwards a settlement it made offline
 * @param provisional   what the agent computed offline (临时结算), when it forwards one; null otherwise
 */
public record SettleCommand(String requestId, String idNumber, String settlementId, String date, VisitType type,
                            HospitalLevel hospitalLevel, long totalFen, long outOfScopeFen, long priorSelfPayFen,
                            String specialDisease, long offlineMadeAtMillis, ProvisionalResult provisional) {}
