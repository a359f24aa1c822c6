package dev.brisk.monitoring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most JDBC statements one call of an endpoint may issue, authentication included. Exceeding
 * it never fails the request: it is logged and counted, and the budget test fails on any excess.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface QueryBudget {

    int value();
}
