package io.spindle.local.stack;

/** Something the user has to fix, said in a sentence; the command prints it and exits 1. */
final class StackException extends RuntimeException {

    StackException(String message) {
        super(message, null, false, false);
    }
}
