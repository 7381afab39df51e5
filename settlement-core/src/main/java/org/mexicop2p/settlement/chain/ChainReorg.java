package org.mexicop2p.settlement.chain;

import java.util.List;

/**
 * A reorganisation the watcher detected: every block above {@code forkPoint} that it had processed is no longer
 * canonical ({@code orphanedBlocks}, highest first), so every fact from those blocks must be undone. The watcher then
 * re-reads the canonical chain from {@code forkPoint} and delivers its events as new facts.
 */
public record ChainReorg(BlockRef forkPoint, List<BlockRef> orphanedBlocks) {

    public ChainReorg {
        orphanedBlocks = List.copyOf(orphanedBlocks);
    }
}
