package routes.rpc;

import java.util.List;

import routes.http.Refusal;
import routes.http.Violation;

/** A call whose arguments the method refuses: every problem, each naming the argument and the rule. */
public final class InvalidArguments extends RuntimeException {

    private final transient Refusal refusal;

    public InvalidArguments(List<Violation> violations) {
        this(Refusal.of(violations));
    }

    private InvalidArguments(Refusal refusal) {
        super(refusal.error(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
