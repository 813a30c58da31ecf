package onestop.engine.domain.settlement;

public enum Mode {
    /** The four tiers of SETTLEMENT.md §3. */
    STANDARD,
    /** 单病种限额, SETTLEMENT.md §4. */
    QUOTA
}
