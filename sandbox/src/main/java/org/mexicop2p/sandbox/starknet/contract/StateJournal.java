package org.mexicop2p.sandbox.starknet.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Undo log of every state write. A reverted transaction rolls back to the mark taken before it, a fee estimate or a
 * {@code starknet_call} rolls back after simulating, and a reorg rolls back everything its orphaned blocks wrote.
 * Writes go through {@link #put} / {@link #remove}, never straight into the maps, so nothing escapes the log.
 */
public final class StateJournal {

    private final List<Runnable> undo = new ArrayList<>();

    /** Position to roll back to later. */
    public int mark() {
        return undo.size();
    }

    /** Undoes every write made after {@code mark}, newest first. */
    public void rollbackTo(int mark) {
        for (int i = undo.size() - 1; i >= mark; i--) {
            undo.remove(i).run();
        }
    }

    public <K, V> void put(Map<K, V> map, K key, V value) {
        boolean existed = map.containsKey(key);
        V previous = map.put(key, value);
        undo.add(existed ? () -> map.put(key, previous) : () -> map.remove(key));
    }

    public <K, V> void remove(Map<K, V> map, K key) {
        if (map.containsKey(key)) {
            V previous = map.remove(key);
            undo.add(() -> map.put(key, previous));
        }
    }
}
