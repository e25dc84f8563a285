package io.ove.channel.sample;

/**
 * A run-time setting out of its range (load rate, processing delay). Its own type, so that the
 * web layer answers 400 for exactly these, and not for any {@link IllegalArgumentException} (a
 * {@link NumberFormatException} inside Spring's parameter conversion is one too).
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the allowed range */
    public InvalidSettingException(String message) {
        super(message);
    }
}
