package dev.brisk.platform;

/**
 * The connection failed while the transaction was committing: the write may or may not be stored.
 * Answered 500 with its own problem type, never 503 (which promises that nothing was committed).
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    public CommitOutcomeUnknownException(Throwable cause) {
        super("commit outcome unknown", cause);
    }
}
