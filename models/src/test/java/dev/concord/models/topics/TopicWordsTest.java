package dev.concord.models.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.concord.models.train.ModelState;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicWordsTest {
    @Test
    void shouldListTheMostFrequentWordsWithTiesByWordId() {
        int[] counts = {0, 5, 3, 5, 1, /* topic 1 */ 2, 0, 0, 0, 0};
        ModelState s = new ModelState().put("topic_word_counts", counts, 2, 5);
        List<String> lines = TopicWords.lines(s, new String[] {"a", "b", "c", "d", "e"}, 3);
        assertEquals(List.of("topic 0 (87.5% of tokens): b d c", "topic 1 (12.5% of tokens): a"), lines);
    }

    @Test
    void shouldRefuseAVocabularyOfAnotherSize() {
        ModelState s = new ModelState().put("topic_word_counts", new int[] {1, 2, 3, 4}, 2, 2);
        for (String[] vocab : new String[][] {{"a"}, {"a", "b", "c"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TopicWords.lines(s, vocab, 1));
            assertEquals("the vocabulary has " + vocab.length + " words, the model 2 (line i of the vocabulary is word i)",
                    e.getMessage());
        }
    }

    @Test
    void shouldRejectAModelWithoutTopics() {
        ModelState s = new ModelState().putScalars("weights", 1, 2);
        assertThrows(IllegalArgumentException.class, () -> TopicWords.lines(s, null, 10));
    }
}
