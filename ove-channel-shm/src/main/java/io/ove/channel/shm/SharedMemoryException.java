package io.ove.channel.shm;

/**
 * Thrown when a shared channel file cannot be created, opened or used: it is missing, foreign,
 * corrupt, of another version or shape, not accessible, or its participant table is full. The
 * message names the file and what to do about it.
 */
public class SharedMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong with which file, and the fix
     */
    public SharedMemoryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong with which file, and the fix
     * @param cause   the I/O error behind it
     */
    public SharedMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
