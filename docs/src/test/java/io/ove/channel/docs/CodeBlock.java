package io.ove.channel.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fenced code block of a Markdown page, with its lines normalised for comparison.
 *
 * @param page      the page, relative to the repository root
 * @param firstLine the block's first line in the page, counting from 1
 * @param lines     the block's lines, stripped, without blank ones
 */
record CodeBlock(String page, int firstLine, List<String> lines) {

    /** @return where the block is, for a failure message */
    String describe() {
        return page + ":" + firstLine;
    }

    /**
     * @param page the Markdown page
     * @param root the repository root
     * @return the page's {@code ```java} blocks, in order
     */
    static List<CodeBlock> javaBlocksOf(Path page, Path root) {
        List<String> all;
        try {
            all = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CodeBlock> blocks = new ArrayList<>();
        int start = -1;
        String fence = null;
        for (int i = 0; i < all.size(); i++) {
            String stripped = all.get(i).strip();
            if (fence == null && stripped.startsWith("```")) {
                fence = stripped.substring(3).strip();
                start = i + 1;
            } else if (fence != null && stripped.equals("```")) {
                if (fence.equals("java")) {
                    blocks.add(new CodeBlock(root.relativize(page).toString(), start,
                            normalise(all.subList(start, i))));
                }
                fence = null;
            }
        }
        return blocks;
    }

    /**
     * @param lines source lines
     * @return the lines stripped of surrounding blanks, without blank lines
     */
    static List<String> normalise(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
