package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    @Test
    void rendersNamespaceOrgAndAHashOfTheParts() {
        String key = CacheKey.of(CacheNamespace.API, 42, "customers", "q=Ada Lovelace")
                .render();

        assertThat(key).matches("api:42:[A-Za-z0-9_-]{24}");
        assertThat(key).doesNotContain("Ada").doesNotContain("customers");
        assertThat(CacheKey.global(CacheNamespace.AUTH, "token-hash").render()).matches("auth:-:[A-Za-z0-9_-]{24}");
    }

    @Test
    void sameInputSameKeyOnEveryNode() {
        assertThat(CacheKey.of(CacheNamespace.DASHBOARD, 7, "summary").render())
                .isEqualTo(new CacheKey(CacheNamespace.DASHBOARD, 7L, List.of("summary")).render());
    }

    @Test
    void organizationsNeverShareAKey() {
        String a = CacheKey.of(CacheNamespace.API, 1, "customers", 5).render();
        String b = CacheKey.of(CacheNamespace.API, 2, "customers", 5).render();
        String none = CacheKey.global(CacheNamespace.API, "customers", 5).render();

        assertThat(a).isNotEqualTo(b).isNotEqualTo(none).startsWith("api:1:");
        assertThat(b).startsWith("api:2:");
        // the hash of the parts is the same; the org segment keeps them apart
        assertThat(a.substring("api:1:".length())).isEqualTo(b.substring("api:2:".length()));
    }

    @Test
    void partBoundariesMatter() {
        assertThat(CacheKey.global(CacheNamespace.API, "ab", "c").render())
                .isNotEqualTo(CacheKey.global(CacheNamespace.API, "a", "bc").render())
                .isNotEqualTo(CacheKey.global(CacheNamespace.API, "abc").render());
    }

    @Test
    void userInputWithSeparatorsOrGlobCharactersStaysInsideTheHash() {
        String key = CacheKey.of(CacheNamespace.API, 3, "q=*:[x]?\r\n").render();
        assertThat(key.split(":")).hasSize(3);
        assertThat(key)
                .doesNotContain("*")
                .doesNotContain("[")
                .doesNotContain("?")
                .doesNotContain("\n");
    }

    @Test
    void needsAtLeastOnePart() {
        assertThatThrownBy(() -> CacheKey.global(CacheNamespace.API)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespacesByPrefix() {
        assertThat(CacheNamespace.ofPrefix("auth:")).isEqualTo(CacheNamespace.AUTH);
        assertThat(CacheNamespace.ofPrefix("API")).isEqualTo(CacheNamespace.API);
        assertThatThrownBy(() -> CacheNamespace.ofPrefix("sessions")).isInstanceOf(IllegalArgumentException.class);
    }
}
