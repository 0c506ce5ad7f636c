package org.lct.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Bearer tokens for tests, signed with a key pair that exists only for tests (in this jar's
 * {@code lct-test-jwt/}). As a test resource it hands the matching public key and issuer to the service under
 * test, inline, so the packaged jar of an {@code @QuarkusIntegrationTest} trusts the same tokens.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "lct";

    /** A token for {@code user} holding {@code roles}, valid for ten minutes. */
    public static String tokenFor(String user, String... roles) {
        try {
            return Jwt.issuer(ISSUER)
                    .upn(user)
                    .groups(Set.of(roles))
                    .expiresIn(Duration.ofMinutes(10))
                    .sign(KeyUtils.decodePrivateKey(resource("lct-test-jwt/private-key.pem")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test signing key unreadable", e);
        }
    }

    /** Signed by a key the services do not trust: must be refused like no token at all. */
    public static String tokenFromUnknownSigner(String user, String... roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).upn(user).groups(Set.of(roles)).expiresIn(Duration.ofMinutes(10))
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey", resource("lct-test-jwt/public-key.pem"),
                "mp.jwt.verify.issuer", ISSUER);
    }

    @Override
    public void stop() {
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
