package org.mexicop2p.testsupport;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that touches the database. The build runs such classes twice: on H2 and on real PostgreSQL
 * (the {@code postgresql-tests} surefire execution selects the {@code db} tag). Get the database from
 * {@link TestDatabase#create()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("db")
public @interface DatabaseTest {
}
