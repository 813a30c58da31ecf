package onestop.agent.cards;

/** A card reader setting that cannot work, in one line naming the setting: {@code onestop.agent.card-reader.kind: "x" is ...}. */
public final class CardConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CardConfigException(String setting, String problem) {
        super(setting + ": " + problem);
    }
}
