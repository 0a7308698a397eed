package routes.observe;

/** What an operator reads of a failure: the innermost cause says what went wrong (refused, login refused...). */
public final class Failures {

    private Failures() {
    }

    /** The failure at the end of the cause chain (the failure itself when it has no cause). */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The innermost cause's message. */
    public static String rootMessage(Throwable failure) {
        return String.valueOf(rootCause(failure).getMessage());
    }
}
