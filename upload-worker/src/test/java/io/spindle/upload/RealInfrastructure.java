package io.spindle.upload;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.spindle.local.InfraTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A real S3 server and Kafka broker, and {@link CredentialsFiles} answering for connection-service's
 * credential endpoint (the system tests use the real connection-service).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = InfraTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
    @ResourceArg(name = "components", value = "s3,kafka")})
@WithTestResource(value = CredentialsFiles.class, scope = TestResourceScope.MATCHING_RESOURCES)
public @interface RealInfrastructure {
}
