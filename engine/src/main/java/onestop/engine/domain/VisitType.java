package onestop.engine.domain;

public enum VisitType {
    /** 住院 */
    INPATIENT,
    /** 门诊 */
    OUTPATIENT
}
