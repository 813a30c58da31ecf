package onestop.engine.domain;

/** The person's basic medical-insurance scheme. */
public enum Scheme {
    /** 职工医保 */
    EMPLOYEE,
    /** 居民医保 */
    RESIDENT
}
