package onestop.engine.domain;

public enum HospitalLevel {
    /** 一级 */
    PRIMARY,
    /** 二级 */
    SECONDARY,
    /** 三级 */
    TERTIARY
}
