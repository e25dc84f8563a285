package io.ove.channel.sample;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The external programs a test class drives. Without one of them the class is skipped before any
 * application context starts, and the skip names the program and its install command; under
 * {@code -Dove.test.require-programs=true} (or {@code OVE_TEST_REQUIRE_PROGRAMS=true}) it runs and
 * fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiredProgramsCondition.class)
@interface RequiresPrograms {

    /** {@return the programs the tests need} */
    ExternalProgram[] value();
}
