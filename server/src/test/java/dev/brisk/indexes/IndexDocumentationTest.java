package dev.brisk.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/db-indexes.md keeps up with the code: one row per index of V101 naming the test that proves
 * it is used, and every repository method in the list of queries. (Which indexes each query's plans
 * use is checked against the same list by IndexPlanIntegrationTest.)
 */
class IndexDocumentationTest {

    @Test
    void everyIndexOfTheMigrationHasARowNamingItsTest() throws Exception {
        List<String> migration = IndexDocs.migrationIndexes();
        Map<String, Set<String>> rows = IndexDocs.indexes();
        assertThat(rows.keySet()).as("index rows of docs/db-indexes.md").containsExactlyElementsOf(migration);
        rows.forEach((index, tests) ->
                assertThat(tests).as("test proving %s", index).anyMatch(t -> t.startsWith("IndexPlanIntegrationTest")));
    }

    @Test
    void everyRepositoryMethodIsInTheListOfQueries() throws Exception {
        assertThat(IndexDocs.queries().keySet()).containsAll(IndexDocs.repositoryMethods());
    }
}
