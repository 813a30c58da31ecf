package onestop.engine.domain;

/** Assistance identities (救助身份), SETTLEMENT.md §2. */
public enum Category {
    /** 特困人员 */
    DESTITUTE,
    /** 孤儿 */
    ORPHAN,
    /** 低保对象 */
    MINIMUM_LIVING,
    /** 建档立卡贫困人口 */
    REGISTERED_POOR,
    /** 返贫致贫人口 */
    POVERTY_RELAPSE,
    /** 防止返贫监测对象 */
    MONITORED,
    /** 低收入对象 */
    LOW_INCOME,
    /** 因病致贫重病患者 */
    ILLNESS_POVERTY,
    /** 在乡重点优抚对象 */
    KEY_VETERAN
}
