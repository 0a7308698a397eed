package routes.rpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One argument of an RPC method, on a component of the method's arguments record: its name in the call, whether a
 * call must give it, whether it can only be given by name, and whether {@code null} is a value it takes. Binding is
 * {@link RpcArguments}'; an argument left out is null in the record, whose constructor gives it its default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Arg {

    String value();

    boolean required() default false;

    boolean keywordOnly() default false;

    boolean nullable() default false;
}
